@testable import AWSClient
import Testing

/// `AWS_CA_BUNDLE`, then the profile's `ca_bundle`, as in the SDKs; a bundle that cannot be
/// read stops the command before any request.
struct CABundleSettingsTests {
    private static let config = """
    [default]
    region = eu-west-1
    [profile corp]
    region = eu-west-1
    ca_bundle = /etc/corp/ca.pem
    """

    private func settings(_ environment: [String: String], files: [String: String] = [:]) throws -> AWSSettings {
        let base = FakeFiles.reader(config: Self.config)
        return try AWSSettings.resolve(environment: environment.merging(["HOME": "/home/tester"]) { a, _ in a },
                                       readFile: { path in files[path] ?? base(path) })
    }

    @Test func environmentThenProfileThenNone() throws {
        let files = ["/etc/corp/ca.pem": "PEM", "/tmp/env.pem": "PEM"]
        #expect(try settings([:], files: files).caBundle == nil)
        #expect(try settings(["AWS_PROFILE": "corp"], files: files).caBundle == "/etc/corp/ca.pem")
        #expect(try settings(["AWS_PROFILE": "corp", "AWS_CA_BUNDLE": "/tmp/env.pem"], files: files).caBundle == "/tmp/env.pem")
    }

    @Test func unreadableBundleIsAConfigurationError() throws {
        let error = #expect(throws: AWSError.self) { try settings(["AWS_PROFILE": "corp"]) }
        #expect(error?.code == "CABundleNotFound")
        #expect(error?.message.contains("ca_bundle in the profile 'corp'") == true, "\(String(describing: error))")
    }

    @Test func theDefaultTransportTrustsTheBundle() throws {
        let configuration = AWSClient.Configuration(settings: try settings(["AWS_CA_BUNDLE": "/tmp/env.pem"],
                                                                           files: ["/tmp/env.pem": "PEM"]))
        #expect((configuration.transport as? CurlTransport)?.caBundle == "/tmp/env.pem")
    }
}

@testable import AWSClient
import Foundation
import Testing

/// `credential_process` with a real script in a temporary HOME.
@Suite struct ProcessCredentialsTests {
    static func profile(_ script: String) -> String {
        "[profile tool]\nregion = us-east-1\ncredential_process = \(script) --account 42\n"
    }

    @Test func theKeysTheProcessPrintsAreUsed() async throws {
        let home = try CredentialTestHome()
        defer { home.cleanUp() }
        let script = try home.write("bin/creds", """
        #!/bin/sh
        [ "$2" = 42 ] || exit 3
        echo '{"Version": 1, "AccessKeyId": "AKIAPROCESS", "SecretAccessKey": "PROCESSSECRET", "SessionToken": "PT", "Expiration": "2030-01-01T00:00:00Z"}'
        """, executable: true)
        try home.write(".aws/config", Self.profile(script))
        let found = try await home.resolve(profile: "tool")
        #expect(found.keys == AWSCredentials(accessKeyID: "AKIAPROCESS", secretAccessKey: "PROCESSSECRET", sessionToken: "PT"))
        #expect(found.expiration == Date(timeIntervalSince1970: 1_893_456_000))
        #expect(found.source == CredentialSource(kind: "custom-process", location: "credential_process of the profile 'tool' (from --profile)"))
    }

    @Test("a broken process gives one sentence naming the profile", arguments: [
        ("exit 7", "exited with status 7: run it by hand"),
        ("echo not-json", "did not print a JSON object"),
        (#"echo '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "S"}'"#, "printed Version 2, not 1"),
        (#"echo '{"Version": 1, "AccessKeyId": "A"}'"#, "printed no AccessKeyId and SecretAccessKey"),
    ])
    func brokenProcess(body: String, sentence: String) async throws {
        let home = try CredentialTestHome()
        defer { home.cleanUp() }
        let script = try home.write("bin/creds", "#!/bin/sh\n\(body)\n", executable: true)
        try home.write(".aws/config", Self.profile(script))
        let message = await credentialsError { try await home.resolve(profile: "tool") }
        #expect(message.hasPrefix("The credential_process of the profile 'tool' (from --profile) "), "\(message)")
        #expect(message.contains(sentence), "\(message)")
    }
}

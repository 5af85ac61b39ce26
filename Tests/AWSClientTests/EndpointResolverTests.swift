@testable import AWSClient
import XCTest

final class EndpointResolverTests: XCTestCase {
    private func host(_ service: AWSService, _ prefix: String, region: String, legacySTS: Bool = false) throws -> (String, String) {
        let endpoint = try EndpointResolver(region: region, stsUsesLegacyGlobalEndpoint: legacySTS)
            .endpoint(for: service, endpointPrefix: prefix)
        return (endpoint.url.absoluteString, endpoint.signingRegion)
    }

    func testStandardRegionalEndpointsAndPartitions() throws {
        let table: [(AWSService, String, String, String, String)] = [
            (.logs, "logs", "eu-west-1", "https://logs.eu-west-1.amazonaws.com", "eu-west-1"),
            (.cloudwatch, "monitoring", "us-east-1", "https://monitoring.us-east-1.amazonaws.com", "us-east-1"),
            (.secretsmanager, "secretsmanager", "cn-north-1", "https://secretsmanager.cn-north-1.amazonaws.com.cn", "cn-north-1"),
            (.sns, "sns", "us-gov-west-1", "https://sns.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
            (.s3, "s3", "us-east-1", "https://s3.us-east-1.amazonaws.com", "us-east-1"),
            (.iam, "iam", "eu-central-1", "https://iam.amazonaws.com", "us-east-1"),
            (.iam, "iam", "cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"),
            (.iam, "iam", "us-gov-east-1", "https://iam.us-gov.amazonaws.com", "us-gov-west-1"),
            (.sts, "sts", "eu-west-1", "https://sts.eu-west-1.amazonaws.com", "eu-west-1"),
        ]
        for (service, prefix, region, url, signing) in table {
            let (gotURL, gotSigning) = try host(service, prefix, region: region)
            XCTAssertEqual(gotURL, url, "\(service) \(region)")
            XCTAssertEqual(gotSigning, signing, "\(service) \(region)")
        }
    }

    func testSTSLegacyGlobalEndpointOnlyForLegacyRegions() throws {
        XCTAssertEqual(try host(.sts, "sts", region: "eu-west-1", legacySTS: true).0, "https://sts.amazonaws.com")
        XCTAssertEqual(try host(.sts, "sts", region: "eu-west-1", legacySTS: true).1, "us-east-1")
        XCTAssertEqual(try host(.sts, "sts", region: "af-south-1", legacySTS: true).0, "https://sts.af-south-1.amazonaws.com")
    }

    func testServiceIdentifiersMatchBotocore() {
        XCTAssertEqual(AWSService.logs.endpointURLEnvironmentVariable, "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS")
        XCTAssertEqual(AWSService.secretsmanager.endpointURLEnvironmentVariable, "AWS_ENDPOINT_URL_SECRETS_MANAGER")
        XCTAssertEqual(AWSService.cloudtrail.endpointURLEnvironmentVariable, "AWS_ENDPOINT_URL_CLOUDTRAIL")
        XCTAssertEqual(AWSService.cloudwatch.endpointURLEnvironmentVariable, "AWS_ENDPOINT_URL_CLOUDWATCH")
        XCTAssertEqual(AWSService.s3.endpointURLEnvironmentVariable, "AWS_ENDPOINT_URL_S3")
        XCTAssertEqual(AWSService.events.endpointURLEnvironmentVariable, "AWS_ENDPOINT_URL_EVENTBRIDGE")
        XCTAssertEqual(AWSService.logs.configFileKey, "cloudwatch_logs")
    }

    /// Each row removes the winner of the row before, so every level of the precedence is seen.
    func testOverridePrecedence() throws {
        let profile = ["endpoint_url": "http://profile-global:1", "services": "local"]
        let services = ["cloudwatch_logs.endpoint_url": "http://profile-service:2"]
        var environment = ["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS": "http://env-service:3", "AWS_ENDPOINT_URL": "http://env-global:4"]
        func url(explicit: String? = nil) throws -> String? {
            try EndpointOverrides(explicit: explicit, environment: environment, profileSettings: profile,
                                  profileServices: services, profile: ProfileSelection(name: "default", source: .default))
                .url(for: .logs)?.absoluteString
        }
        XCTAssertEqual(try url(explicit: "http://explicit:5"), "http://explicit:5")
        XCTAssertEqual(try url(), "http://env-service:3")
        environment["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = ""
        XCTAssertEqual(try url(), "http://env-global:4")
        environment["AWS_ENDPOINT_URL"] = nil
        XCTAssertEqual(try url(), "http://profile-service:2")
        let withoutServices = try EndpointOverrides(explicit: nil, environment: [:], profileSettings: profile,
                                                    profileServices: [:], profile: ProfileSelection(name: "default", source: .default))
        XCTAssertEqual(try withoutServices.url(for: .logs)?.absoluteString, "http://profile-global:1")
        // A service-specific variable for another service doesn't apply.
        XCTAssertNil(try EndpointOverrides(explicit: nil, environment: ["AWS_ENDPOINT_URL_S3": "http://s3:1"],
                                           profile: ProfileSelection(name: "default", source: .default)).url(for: .logs))
    }

    func testIgnoreConfiguredEndpointURLsKeepsOnlyTheExplicitOne() throws {
        let environment = ["AWS_ENDPOINT_URL": "http://env:1", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]
        let selection = ProfileSelection(name: "default", source: .default)
        XCTAssertNil(try EndpointOverrides(explicit: nil, environment: environment, profile: selection).url(for: .sts))
        XCTAssertEqual(try EndpointOverrides(explicit: "http://cli:2", environment: environment, profile: selection)
            .url(for: .sts)?.absoluteString, "http://cli:2")
    }

    func testCustomEndpointIsSignedForTheConfiguredRegion() throws {
        let overrides = try EndpointOverrides(explicit: "http://127.0.0.1:5000/", environment: [:],
                                              profile: ProfileSelection(name: "default", source: .default))
        let endpoint = try EndpointResolver(region: "eu-west-1", overrides: overrides).endpoint(for: .iam, endpointPrefix: "iam")
        XCTAssertEqual(endpoint, Endpoint(url: URL(string: "http://127.0.0.1:5000")!, signingRegion: "eu-west-1", isCustom: true))
    }

    func testInvalidEndpointURLIsOneSentence() {
        XCTAssertThrowsError(try EndpointOverrides(explicit: "localhost:5000", environment: [:],
                                                   profile: ProfileSelection(name: "default", source: .default))) { error in
            XCTAssertEqual("\(error)", "The endpoint URL 'localhost:5000' from --endpoint-url is not an http:// or https:// URL with a host (e.g. http://127.0.0.1:5000).")
        }
    }
}

final class RequestAddressTests: XCTestCase {
    private let aws = Endpoint(url: URL(string: "https://s3.eu-west-1.amazonaws.com")!, signingRegion: "eu-west-1", isCustom: false)
    private let local = Endpoint(url: URL(string: "http://127.0.0.1:5000")!, signingRegion: "us-east-1", isCustom: true)

    private func address(_ bucket: String?, path: String = "/", endpoint: Endpoint, forced: Bool = false,
                         query: [URLQueryItem] = []) throws -> RequestAddress {
        try RequestAddress.make(EncodedRequest(method: "GET", path: path, query: query, bucket: bucket),
                                endpoint: endpoint, s3ForcePathStyle: forced)
    }

    func testS3VirtualHostedByDefault() throws {
        let a = try address("my-bucket", path: "/key%20one", endpoint: aws)
        XCTAssertEqual(a.url.absoluteString, "https://my-bucket.s3.eu-west-1.amazonaws.com/key%20one")
        XCTAssertEqual(a.hostHeader, "my-bucket.s3.eu-west-1.amazonaws.com")
    }

    func testS3PathStyleForDotsInvalidNamesCustomEndpointsAndWhenForced() throws {
        XCTAssertEqual(try address("my.bucket", endpoint: aws).url.absoluteString, "https://s3.eu-west-1.amazonaws.com/my.bucket")
        XCTAssertEqual(try address("My_Bucket", path: "/k", endpoint: aws).url.absoluteString,
                       "https://s3.eu-west-1.amazonaws.com/My_Bucket/k")
        XCTAssertEqual(try address("my-bucket", endpoint: local).url.absoluteString, "http://127.0.0.1:5000/my-bucket")
        XCTAssertEqual(try address("my-bucket", endpoint: aws, forced: true).url.absoluteString,
                       "https://s3.eu-west-1.amazonaws.com/my-bucket")
    }

    func testQueryIsStrictlyEncodedAndValuelessItemsStayBare() throws {
        let a = try address("b", endpoint: local, query: [URLQueryItem(name: "policy", value: nil),
                                                          URLQueryItem(name: "prefix", value: "a b/c+")])
        XCTAssertEqual(a.url.absoluteString, "http://127.0.0.1:5000/b?policy&prefix=a%20b%2Fc%2B")
        XCTAssertEqual(a.query.map(\.value), ["", "a b/c+"])
    }

    func testBasePathAndHostHeaderPort() throws {
        let endpoint = Endpoint(url: URL(string: "http://localhost:4566/aws")!, signingRegion: "us-east-1", isCustom: true)
        let a = try address(nil, path: "/", endpoint: endpoint)
        XCTAssertEqual(a.url.absoluteString, "http://localhost:4566/aws/")
        XCTAssertEqual(a.hostHeader, "localhost:4566")
        XCTAssertEqual(try address(nil, endpoint: aws).hostHeader, "s3.eu-west-1.amazonaws.com")
    }

    func testBucketNameRules() {
        for good in ["abc", "my-bucket-1", String(repeating: "a", count: 63)] {
            XCTAssertTrue(RequestAddress.isVirtualHostCompatible(bucket: good), good)
        }
        for bad in ["ab", "a.b.c", "-abc", "abc-", "ABC", "a_b", String(repeating: "a", count: 64)] {
            XCTAssertFalse(RequestAddress.isVirtualHostCompatible(bucket: bad), bad)
        }
    }
}

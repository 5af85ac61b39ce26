import Foundation
import XCTest
@testable import AWSClient

final class ServiceModelTests: XCTestCase {
    func testEveryServiceLoadsWithTheProtocolSecmonSpeaks() throws {
        let expected: [AWSService: String] = [
            .sts: "query", .secretsmanager: "json", .cloudtrail: "json", .logs: "json", .cloudwatch: "json",
            .sns: "query", .s3: "rest-xml", .iam: "query", .sqs: "json", .events: "json", .resourcegroupstaggingapi: "json", .sso: "rest-json",
            .athena: "json", .lambda: "rest-json",
        ]
        for service in AWSService.allCases {
            let model = try ServiceModel.named(service)
            XCTAssertEqual(model.protocolName, expected[service], "\(service)")
            XCTAssertFalse(model.operations.isEmpty, "\(service)")
        }
    }

    func testCloudWatchSpeaksJSON10WithTheGraniteTarget() throws {
        let model = try ServiceModel.named(.cloudwatch)
        XCTAssertEqual(model.jsonVersion, "1.0")
        XCTAssertEqual(model.targetPrefix, "GraniteServiceVersion20100801")
        XCTAssertEqual(model.endpointPrefix, "monitoring")
        XCTAssertEqual(model.signingName, "monitoring")
        XCTAssertTrue(model.awsQueryCompatible)
        XCTAssertTrue(model.wireProtocol is JSONProtocol)
    }

    func testMetadataOfGlobalServices() throws {
        XCTAssertEqual(try ServiceModel.named(.iam).globalEndpoint, "iam.amazonaws.com")
        XCTAssertEqual(try ServiceModel.named(.sts).globalEndpoint, "sts.amazonaws.com")
        XCTAssertEqual(try ServiceModel.named(.s3).globalEndpoint, "s3.amazonaws.com")
        XCTAssertNil(try ServiceModel.named(.logs).globalEndpoint)
        XCTAssertEqual(try ServiceModel.named(.sns).apiVersion, "2010-03-31")
        XCTAssertEqual(try ServiceModel.named(.logs).serviceId, "CloudWatch Logs")
    }

    func testEveryOperationSecmonListsIsEmbeddedWithItsShapes() throws {
        let url = repositoryRoot().appendingPathComponent("scripts/codegen/operations.json")
        let listed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: [String]])
        for (serviceName, operations) in listed {
            let service = try XCTUnwrap(AWSService(rawValue: serviceName))
            let model = try ServiceModel.named(service)
            XCTAssertEqual(Set(model.operations.keys), Set(operations), serviceName)
            for op in model.operations.values {
                for ref in [op.input, op.output].compactMap({ $0 }) {
                    XCTAssertNotNil(model.shape(ref.shape), "\(serviceName) \(op.name) \(ref.shape)")
                }
            }
        }
    }

    func testOperationTraits() throws {
        let (_, putPolicy) = try modelAndOperation(.s3, "PutBucketPolicy")
        XCTAssertEqual(putPolicy.httpMethod, "PUT")
        XCTAssertEqual(putPolicy.requestURI, "/{Bucket}?policy")
        XCTAssertTrue(putPolicy.requestChecksumRequired)
        let (_, getRole) = try modelAndOperation(.iam, "GetRole")
        XCTAssertEqual(getRole.output?.resultWrapper, "GetRoleResult")
        XCTAssertTrue(getRole.errors.contains("NoSuchEntityException"))
    }

    func testConcurrentFirstUseYieldsTheSameModel() async throws {
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                group.addTask { try ServiceModel.named(.events).shapes.count }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        XCTAssertEqual(Set(counts).count, 1)
        XCTAssertGreaterThan(counts[0], 0)
    }
}

/// The repository root, from this file's location (Tests/AWSClientTests/…).
func repositoryRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

import AWSClient
import Foundation
import SecmonCore
import SecmonPlan
import SecmonResources
import TestSupport
import XCTest

/// Every driver against the local endpoint: create, read back with no diff, update, read back
/// with no diff, delete, read back as gone. Where moto differs from AWS, the unit tests hold
/// the AWS behaviour (see /work/shared/notes/moto-coverage.md).
final class ResourceDriversTests: LocalEndpointTestCase {
    let context = DriverContext(stackName: "itest", accountID: "123456789012", region: "us-east-1",
                                stackTags: ["team": "security"])
    let secretValue = "integration-secret-value"

    func drivers() throws -> (AWSClient, [String: any ResourceDriver]) {
        let endpoint = try localEndpoint()
        let client = try endpoint.makeClient()
        let value = secretValue
        let options = DriverOptions(sleeper: { _ in }, maxConsistencyWait: .seconds(5),
                                    secretValues: SecretValueSource(environment: { $0 == "ITEST_SECRET" ? value : nil },
                                                                    readFile: { _ in "" }))
        return (client, ResourceDrivers.all(client: client, options: options))
    }

    /// Creates, reads back (no diff), updates, reads back (no diff). Returns the live resource.
    func converge(_ driver: any ResourceDriver, id: String, _ desired: [String: Value], then updated: [String: Value],
                  expecting changed: String, file: StaticString = #filePath, line: UInt = #line) async throws -> LiveResource {
        let physicalID = try XCTUnwrap(driver.physicalID(of: desired, context: context), file: file, line: line)
        let created = try await driver.create(id: id, properties: desired, context: context)
        XCTAssertFalse(created.isEmpty, file: file, line: line)
        var live = try await readOne(driver, physicalID, file: file, line: line)
        XCTAssertEqual(live.ownerStack, "itest", "\(driver.kind) ownership", file: file, line: line)
        XCTAssertEqual(driver.diff(desired: driver.normalize(desired, id: id, context: context), live: live), [],
                       "\(driver.kind) right after create", file: file, line: line)

        let wanted = driver.normalize(updated, id: id, context: context)
        let changes = driver.diff(desired: wanted, live: live)
        XCTAssertTrue(changes.contains { $0.path == changed }, "\(driver.kind): \(changes)", file: file, line: line)
        _ = try await driver.update(id: id, live: live, properties: updated, changes: changes, context: context)
        live = try await readOne(driver, physicalID, file: file, line: line)
        XCTAssertEqual(driver.diff(desired: wanted, live: live), [], "\(driver.kind) after update", file: file, line: line)
        return live
    }

    func readOne(_ driver: any ResourceDriver, _ physicalID: String, file: StaticString = #filePath, line: UInt = #line)
        async throws -> LiveResource
    {
        let found = try await driver.read([physicalID], hints: [:], context: context)
        return try XCTUnwrap(found[physicalID], "\(driver.kind) \(physicalID) not found", file: file, line: line)
    }

    func testEveryKindConvergesAndIsDeleted() async throws {
        let (client, d) = try drivers()
        func driver(_ kind: String) throws -> any ResourceDriver { try XCTUnwrap(d[kind]) }
        var created: [(any ResourceDriver, LiveResource)] = []

        let trailArn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/itest-trail"
        let bucket = try await converge(
            try driver("bucket"), id: "trail_bucket",
            ["name": .string("itest-trail-logs"), "cloudtrail_delivery": .bool(true), "trail_arns": .list([.string(trailArn)])],
            then: ["name": .string("itest-trail-logs"), "cloudtrail_delivery": .bool(true),
                   "trail_arns": .list([.string(trailArn)]), "log_expiry_days": .int(30)],
            expecting: "log_expiry_days")
        created.append((try driver("bucket"), bucket))

        let logs = try await converge(
            try driver("log_group"), id: "trail_logs",
            ["name": .string("/itest/trail"), "retention_days": .int(90)],
            then: ["name": .string("/itest/trail"), "retention_days": .int(30), "tags": .map(["owner": .string("me")])],
            expecting: "retention_days")
        created.append((try driver("log_group"), logs))
        let logGroupArn = try XCTUnwrap(logs.attributes["arn"]?.stringValue)
        XCTAssertFalse(logGroupArn.hasSuffix(":*"))

        let roleProperties: [String: Value] = ["name": .string("itest-trail-role"),
                                               "trusted_service": .string("cloudtrail.amazonaws.com"),
                                               "allow_cloudtrail_logs": .string(logGroupArn)]
        var roleUpdated = roleProperties
        roleUpdated["description"] = .string("delivers CloudTrail to CloudWatch Logs")
        let role = try await converge(try driver("role"), id: "trail_role", roleProperties, then: roleUpdated,
                                      expecting: "description")
        created.append((try driver("role"), role))

        let topic = try await converge(
            try driver("topic"), id: "alerts", ["name": .string("itest-alarms")],
            then: ["name": .string("itest-alarms"), "display_name": .string("Alarms"),
                   "allow_publish_from": .list([.string("cloudwatch"), .string("events")])],
            expecting: "policy")
        created.append((try driver("topic"), topic))
        let topicArn = try XCTUnwrap(topic.attributes["arn"]?.stringValue)

        // Subscriptions change only by replacement: create, read back, no diff.
        let subscriptions = try driver("subscription")
        let subscription: [String: Value] = ["topic": .string(topicArn), "protocol": .string("email"),
                                             "endpoint": .string("security@example.com")]
        _ = try await subscriptions.create(id: "alert_email", properties: subscription, context: context)
        let subscriptionID = try XCTUnwrap(subscriptions.physicalID(of: subscription, context: context))
        let liveSubscription = try await readOne(subscriptions, subscriptionID)
        XCTAssertEqual(liveSubscription.ownerStack, "itest")
        XCTAssertEqual(subscriptions.diff(desired: subscriptions.normalize(subscription, id: "alert_email", context: context),
                                          live: liveSubscription), [])
        created.append((subscriptions, liveSubscription))

        let secret = try await converge(
            try driver("secret"), id: "top_secret",
            ["name": .string("itest/TopSecret"), "value": .map(["from_env": .string("ITEST_SECRET")])],
            then: ["name": .string("itest/TopSecret"), "value": .map(["from_env": .string("ITEST_SECRET")]),
                   "value_version": .int(2), "description": .string("rotated")],
            expecting: "value_version")
        created.append((try driver("secret"), secret))

        let trailProperties: [String: Value] = [
            "name": .string("itest-trail"), "bucket": .string("itest-trail-logs"), "log_group": .string(logGroupArn),
            "role": .string(try XCTUnwrap(role.attributes["arn"]?.stringValue)), "sns_topic": .string(topicArn),
        ]
        var trailUpdated = trailProperties
        trailUpdated["logging"] = .bool(false)
        trailUpdated["management_events"] = .string("write_only")
        let trail = try await converge(try driver("trail"), id: "secret_trail", trailProperties, then: trailUpdated,
                                       expecting: "logging")
        created.append((try driver("trail"), trail))

        let filterProperties: [String: Value] = [
            "name": .string("itest-secret-reads"), "log_group": .string("/itest/trail"),
            "pattern": .string(#"{ $.eventName = "GetSecretValue" }"#), "metric_namespace": .string("ITest"),
            "metric_name": .string("SecretIsAccessed"), "default_value": .int(0),
        ]
        var filterUpdated = filterProperties
        filterUpdated["pattern"] = .string(#"{ ($.eventName = "GetSecretValue") && ($.errorCode NOT EXISTS) }"#)
        let filter = try await converge(try driver("metric_filter"), id: "secret_reads", filterProperties, then: filterUpdated,
                                        expecting: "pattern")
        created.append((try driver("metric_filter"), filter))

        let alarmProperties: [String: Value] = [
            "name": .string("itest-secret-read"), "metric_namespace": .string("ITest"),
            "metric_name": .string("SecretIsAccessed"), "alarm_actions": .list([.string(topicArn)]),
        ]
        var alarmUpdated = alarmProperties
        alarmUpdated["threshold"] = .int(3)
        alarmUpdated["statistic"] = .string("Maximum")
        let alarm = try await converge(try driver("alarm"), id: "secret_read_alarm", alarmProperties, then: alarmUpdated,
                                       expecting: "threshold")
        created.append((try driver("alarm"), alarm))

        // Orphan discovery sees what was made (children through their parents).
        let owners: [LiveResource] = [logs, topic]
        for (driver, live) in created {
            let owned = try await driver.listOwned(context: context, parents: owners)
            XCTAssertTrue(owned.contains { $0.physicalID == live.physicalID }, "listOwned \(driver.kind)")
        }

        // Nothing in any request or reply carried the secret value except its writes: the
        // drivers' outputs never do.
        for (_, live) in created {
            XCTAssertFalse("\(live)".contains(secretValue))
        }

        for (driver, live) in created.reversed() {
            let outcome = try await driver.delete(live, context: context)
            if driver.kind == "secret" { XCTAssertTrue(outcome.note?.hasPrefix("scheduled for deletion on") == true) }
            if driver.kind == "secret" { continue } // still there, scheduled for deletion
            let after = try await driver.read([live.physicalID], hints: [:], context: context)
            XCTAssertNil(after[live.physicalID], "\(driver.kind) still there after delete")
        }
        _ = client
    }

    func testANonEmptyBucketIsKeptUnlessForceDestroy() async throws {
        let (client, d) = try drivers()
        let buckets = try XCTUnwrap(d["bucket"])
        let properties: [String: Value] = ["name": .string("itest-full-bucket")]
        _ = try await buckets.create(id: "b", properties: properties, context: context)
        // The bucket policy denies requests without TLS and moto enforces that on PutObject; the
        // local endpoint speaks plain HTTP, so lift the policy to put the object.
        _ = try await client.call(.s3, "DeleteBucketPolicy", ["Bucket": "itest-full-bucket"])
        _ = try await client.call(.s3, "PutObject", ["Bucket": "itest-full-bucket", "Key": "a.txt", "Body": .blob(Data("x".utf8))])
        var live = try await readOne(buckets, "itest-full-bucket")
        do {
            _ = try await buckets.delete(live, context: context)
            XCTFail("a bucket holding objects was deleted without force_destroy")
        } catch let error as ResourceError {
            XCTAssertTrue(error.message.contains("force_destroy"))
        }
        var forced = properties
        forced["force_destroy"] = .bool(true)
        let reread = try await buckets.read(["itest-full-bucket"], hints: ["itest-full-bucket": forced], context: context)
        live = try XCTUnwrap(reread["itest-full-bucket"])
        _ = try await buckets.delete(live, context: context)
        let after = try await buckets.read(["itest-full-bucket"], hints: [:], context: context)
        XCTAssertTrue(after.isEmpty)
    }
}

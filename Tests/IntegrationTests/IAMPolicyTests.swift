import AWSClient
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import XCTest
@testable import SecmonCLI

/// `secmon iam-policy`'s policies on the local endpoint with IAM enforcement on (moto checks
/// every request against the caller's policies once `/moto-api/reset-auth` is set to 0): a user
/// holding only the policy for a command can run it, and without any one of plan's actions,
/// plan fails.
///
/// moto checks only the action for most services (it compares statements against the resource
/// "*"), so the test widens every Resource to "*" and drops Conditions: it proves the actions,
/// not the ARN scoping. It also renames the actions moto names differently (a few of S3's,
/// CloudWatch's), and allows
/// sts:GetCallerIdentity, which AWS allows everyone but moto checks. (See `forMoto`.)
final class IAMPolicyTests: LocalEndpointTestCase {
    /// The example stack, with no spaces in the values sent by form-encoded (query protocol)
    /// calls: moto re-encodes a form body before checking its signature, spaces as "+", so a
    /// correctly signed "%20" fails there (AWS checks the bytes sent).
    private lazy var stack: String = {
        let example = LocalEndpoint.repositoryRoot.appendingPathComponent("stacks/secret-access-alarm.yaml")
        let text = (try? String(contentsOf: example, encoding: .utf8)) ?? ""
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("secmon-iam-\(UUID().uuidString).yaml").path
        try? text.replacingOccurrences(of: "display_name: Security alarms", with: "display_name: SecurityAlarms")
            .replacingOccurrences(of: "description: Lets CloudTrail deliver events to the trail's log group.",
                                  with: "description: CloudTrail-to-logs")
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    private func setEnforcement(_ on: Bool) async throws {
        var request = URLRequest(url: try localEndpoint().url.appendingPathComponent("moto-api/reset-auth"))
        request.httpMethod = "POST"
        request.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")  // read as raw data
        request.httpBody = Data((on ? "0" : "inf").utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        XCTAssertEqual((response as? HTTPURLResponse)?.statusCode, 200)
    }

    private func resetAccount() async throws {
        var request = URLRequest(url: try localEndpoint().url.appendingPathComponent("moto-api/reset"))
        request.httpMethod = "POST"
        _ = try await URLSession.shared.data(for: request)
    }

    /// An IAM user holding only `policy`; the environment secmon needs to act as it. Made with
    /// boto3 (secmon's client carries only the IAM operations secmon itself needs).
    private func user(holding policy: String) async throws -> [String: String] {
        let output = try boto3IAM("""
        iam.create_user(UserName=sys.argv[2])
        iam.put_user_policy(UserName=sys.argv[2], PolicyName="secmon", PolicyDocument=sys.argv[3])
        key = iam.create_access_key(UserName=sys.argv[2])["AccessKey"]
        print(key["AccessKeyId"], key["SecretAccessKey"])
        """, "secmon-ci-\(UUID().uuidString.prefix(8))", policy)
        let key = output.split(whereSeparator: \.isWhitespace).map(String.init)
        XCTAssertEqual(key.count, 2, output)
        var environment = try localEndpoint().environment
        environment["AWS_ACCESS_KEY_ID"] = key.first ?? ""
        environment["AWS_SECRET_ACCESS_KEY"] = key.last ?? ""
        environment["HOME"] = NSTemporaryDirectory()
        environment["TOP_SECRET_INFO"] = "iam-test-value"
        return environment
    }

    /// A role nobody's stack owns, so plan's search for owned roles must read another role's tags.
    private func someoneElsesRole() throws {
        _ = try boto3IAM("""
        iam.create_role(RoleName=sys.argv[2], AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[]}')
        """, "someone-elses-role")
    }

    /// Runs `body` with `iam`, a boto3 IAM client for the endpoint, and `sys.argv[2...]` = `arguments`.
    private func boto3IAM(_ body: String, _ arguments: String...) throws -> String {
        let script = """
        import boto3, sys
        iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1",
                           aws_access_key_id="testing", aws_secret_access_key="testing")
        \(body)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, try localEndpoint().url.absoluteString] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, output)
        return output
    }

    private func run<C: SecmonRunnable>(_ type: C.Type, _ arguments: [String], environment: [String: String])
        async throws -> (status: CommandStatus, output: OutputCapture) {
        let capture = OutputCapture()
        let status = await CommandRunner.run(try C.parse(arguments), io: capture.io(environment: environment))
        return (status, capture)
    }

    /// `secmon iam-policy STACK --for purpose`, parsed.
    private func policy(for purpose: String) async throws -> [String: Any] {
        let (status, output) = try await run(IAMPolicyCommand.self, [stack, "--for", purpose, "--account-id", "123456789012"],
                                             environment: [:])
        XCTAssertEqual(status, .success, output.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    private static func actions(of policy: [String: Any]) -> [String] {
        let statements = policy["Statement"] as? [[String: Any]] ?? []
        return statements.flatMap { $0["Action"] as? [String] ?? [] }.sorted()
    }

    /// Actions plan uses when allowed and does without otherwise (the tagging API's one paged
    /// read of what the stack owns; without it, tags are read one resource at a time).
    /// Actions a plan replaces by others when refused. sns:ListSubscriptions (one walk instead
    /// of a call per topic) is made only for stacks of many topics, not this one.
    private static let withFallback: Set<String> = ["tag:GetResources", "sns:ListSubscriptions"]

    /// The names moto checks for an IAM action.
    private static func motoNames(_ action: String) -> [String] {
        // moto checks S3's bucket sub-resources it does not know (?encryption,
        // ?publicAccessBlock) as ListBucket on GET and CreateBucket / DeleteBucket otherwise.
        let renamed: [String: [String]] = [
            "s3:GetEncryptionConfiguration": ["s3:ListBucket"],
            "s3:PutEncryptionConfiguration": ["s3:CreateBucket"],
            "s3:GetBucketPublicAccessBlock": ["s3:ListBucket"],
            "s3:PutBucketPublicAccessBlock": ["s3:CreateBucket", "s3:DeleteBucket"],
        ]
        // moto names CloudWatch's actions after its endpoint prefix, "monitoring".
        if action.hasPrefix("cloudwatch:") { return ["monitoring:" + action.dropFirst("cloudwatch:".count)] }
        // ... and the tagging API's after its endpoint prefix, "tagging" (IAM says "tag").
        if action.hasPrefix("tag:") { return ["tagging:" + action.dropFirst("tag:".count)] }
        return renamed[action] ?? [action]
    }

    /// moto's reading of `actions` (see the class comment), as one statement on "*".
    private static func forMoto(_ actions: [String]) -> String {
        let all = Set(actions.flatMap(motoNames) + ["sts:GetCallerIdentity"]).sorted()
        let document: [String: Any] = ["Version": "2012-10-17",
                                       "Statement": [["Effect": "Allow", "Action": all, "Resource": "*"]]]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    func testEachCommandRunsHoldingOnlyItsPolicy() async throws {
        try await setEnforcement(false)
        try await resetAccount()
        var environments: [String: [String: String]] = [:]
        for purpose in ["plan", "apply", "destroy", "doctor"] {
            environments[purpose] = try await user(holding: Self.forMoto(Self.actions(of: try await policy(for: purpose))))
        }
        try await setEnforcement(true)

        let apply = try await run(ApplyCommand.self, [stack, "--auto-approve"], environment: environments["apply"] ?? [:])
        XCTAssertEqual(apply.status, .success, apply.output.stdout + apply.output.stderr)
        let plan = try await run(PlanCommand.self, [stack, "--detailed-exitcode"], environment: environments["plan"] ?? [:])
        XCTAssertEqual(plan.status, .success, "no changes after apply: " + plan.output.stdout + plan.output.stderr)
        let doctor = try await run(DoctorCommand.self, [stack], environment: environments["doctor"] ?? [:])
        XCTAssertNotEqual(doctor.status, .failure, doctor.output.stderr)
        XCTAssertFalse((doctor.output.stdout + doctor.output.stderr).contains("AccessDenied"), doctor.output.stdout)
        let destroy = try await run(DestroyCommand.self, [stack, "--auto-approve"], environment: environments["destroy"] ?? [:])
        XCTAssertEqual(destroy.status, .success, destroy.output.stdout + destroy.output.stderr)
        // Enforcement is really on: plan's policy does not let apply create anything.
        let applyAsPlanner = try await run(ApplyCommand.self, [stack, "--auto-approve"], environment: environments["plan"] ?? [:])
        XCTAssertEqual(applyAsPlanner.status, .failure, "the plan policy must not allow apply")
        try await setEnforcement(false)
    }

    func testPlanFailsWithoutAnyOneOfItsActions() async throws {
        try await setEnforcement(false)
        try await resetAccount()
        // Every kind deployed, so plan reads each one in full.
        let admin = try await user(holding: Self.forMoto(["*"]))
        let deployed = try await run(ApplyCommand.self, [stack, "--auto-approve"], environment: admin)
        XCTAssertEqual(deployed.status, .success, deployed.output.stderr)
        try someoneElsesRole()

        let actions = Self.actions(of: try await policy(for: "plan"))
        XCTAssertGreaterThan(actions.count, 20)
        var unnecessary: [String] = [], indistinguishable: [String] = []
        for action in actions {
            let others = Set(actions.filter { $0 != action }.flatMap(Self.motoNames))
            if Set(Self.motoNames(action)).isSubset(of: others) {
                indistinguishable.append(action)  // moto checks it under a name another action keeps
                continue
            }
            try await setEnforcement(false)
            let environment = try await user(holding: Self.forMoto(actions.filter { $0 != action }))
            try await setEnforcement(true)
            let plan = try await run(PlanCommand.self, [stack], environment: environment)
            if Self.withFallback.contains(action) {
                XCTAssertEqual(plan.status, .success, "\(action) has a fallback: plan works without it")
            } else if plan.status != .failure {
                unnecessary.append(action)
            }
        }
        // With the tagging API allowed, the per-resource reads it replaces are needed only by the
        // fallback: each must still be necessary once tag:GetResources is gone too.
        var unnecessaryEvenAsFallback: [String] = []
        for action in unnecessary {
            try await setEnforcement(false)
            let environment = try await user(holding: Self.forMoto(actions.filter { $0 != action && !Self.withFallback.contains($0) }))
            try await setEnforcement(true)
            let plan = try await run(PlanCommand.self, [stack], environment: environment)
            if plan.status != .failure { unnecessaryEvenAsFallback.append(action) }
        }
        try await setEnforcement(false)
        XCTAssertEqual(unnecessaryEvenAsFallback, [], "plan ran without these, so they should not be in its policy")
        XCTAssertEqual(indistinguishable, ["s3:GetBucketPublicAccessBlock", "s3:GetEncryptionConfiguration"],
                       "only what moto checks under one name (s3:ListBucket) is left untried")
    }
}

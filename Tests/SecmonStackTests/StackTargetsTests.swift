import SecmonStack
import Testing

/// `targets:`: accounts by the role to assume, and regions; every problem located.
@Suite struct StackTargetsTests {
    @Test func targetsNameRolesAndRegions() throws {
        let result = StackLoader.load(text: """
        stack: demo
        targets:
          - account: arn:aws:iam::111111111111:role/secmon-deploy
            regions: [us-east-1, eu-west-1]
          - account: arn:aws:iam::222222222222:role/secmon-deploy
            regions: [us-east-1]
        resources:
          logs:
            type: log_group
            name: l
        """, file: "stack.yaml")
        #expect(result.diagnostics.map(\.description) == [])
        let targets = try #require(result.stack).targets
        #expect(targets.map(\.account) == ["111111111111", "222222222222"])
        #expect(targets.map(\.regions) == [["us-east-1", "eu-west-1"], ["us-east-1"]])
    }

    @Test func badTargetsAreLocatedErrors() {
        let result = StackLoader.load(text: """
        stack: demo
        targets:
          - account: arn:aws:s3:::not-a-role
            regions: [us-east-1]
          - account: arn:aws:iam::222222222222:role/secmon-deploy
            regions: [useast1]
        resources:
          logs:
            type: log_group
            name: l
        """, file: "stack.yaml")
        let messages = result.diagnostics.map(\.description)
        #expect(messages.contains { $0.hasPrefix("stack.yaml:3:14: error:") && $0.contains("not an IAM role ARN") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("stack.yaml:6:15: error:") && $0.contains("is not a region name") }, "\(messages)")
        #expect(result.stack == nil)
    }

    @Test func aTargetNeedsARegion() {
        let result = StackLoader.load(text: """
        stack: demo
        targets:
          - account: arn:aws:iam::222222222222:role/secmon-deploy
            regions: []
        resources:
          logs:
            type: log_group
            name: l
        """, file: "stack.yaml")
        #expect(result.diagnostics.map(\.description) == [
            "stack.yaml:3:5: error: targets[0] lists no regions: name at least one, e.g. [us-east-1]",
        ])
    }

    @Test func aTargetIsIdentifiedByItsNameOrElseItsRole() throws {
        let result = StackLoader.load(text: """
        stack: demo
        targets:
          - account: arn:aws:iam::111111111111:role/secmon-deploy
            regions: [us-east-1]
          - name: prod
            account: arn:aws:iam::222222222222:role/secmon-deploy
            regions: [us-east-1]
        resources:
          logs:
            type: log_group
            name: l
        """, file: "stack.yaml")
        #expect(result.diagnostics.map(\.description) == [])
        let targets = try #require(result.stack).targets
        #expect(targets.map(\.id) == ["arn:aws:iam::111111111111:role/secmon-deploy", "prod"])
    }

    /// Two roles into one account and region would own the same resources: refused at
    /// validate, so before any request.
    @Test func twoTargetsInOneAccountAndRegionAreRefused() {
        let result = StackLoader.load(text: """
        stack: demo
        targets:
          - account: arn:aws:iam::111111111111:role/deploy-a
            regions: [us-east-1, eu-west-1]
          - account: arn:aws:iam::111111111111:role/deploy-b
            regions: [us-west-2, eu-west-1]
          - name: prod
            account: arn:aws:iam::333333333333:role/x
            regions: [us-east-1]
          - name: prod
            account: arn:aws:iam::444444444444:role/x
            regions: [us-east-1, us-east-1]
        resources:
          logs:
            type: log_group
            name: l
        """, file: "stack.yaml")
        #expect(result.diagnostics.map(\.description) == [
            "stack.yaml:5:5: error: targets[1]: account 111111111111 in eu-west-1 is already targets[0]'s; two targets in one "
                + "account and region would own the same resources and undo each other: list each account and region once",
            "stack.yaml:10:5: error: targets[3] has the id \"prod\" of targets[2]: give each target its own name",
            "stack.yaml:10:5: error: targets[3]: account 444444444444 in us-east-1 is listed twice; two targets in one "
                + "account and region would own the same resources and undo each other: list each account and region once",
        ])
    }
}

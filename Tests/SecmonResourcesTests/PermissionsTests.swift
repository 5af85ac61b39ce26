import SecmonCore
import SecmonResources
import Testing
import TestSupport

/// Every operation a driver calls is covered by an action in `KindPermissions`, so
/// `secmon iam-policy` cannot fall behind the drivers.
@Test func everyDriverCallIsDeclaredAsAnIAMAction() throws {
    let declared = Set(KindPermissions.all.flatMap { $0.read + $0.create + $0.update + $0.delete }.map(\.name))
    let calls = try OperationsInSource.calls(under: "Sources/SecmonResources")
    #expect(calls.count > 50, "the scan finds the drivers' calls")
    let missing = calls.map { call -> String in
        let parts = call.split(separator: ":").map(String.init)
        return IAMActionName.of(service: parts[0], operation: parts[1])
    }.filter { !declared.contains($0) }.sorted()
    #expect(missing == [], "add these to KindPermissions (Sources/SecmonResources/Permissions)")
}

@Test func everyKindHasItsPermissions() {
    #expect(Set(KindPermissions.all.map(\.kind)) == ["secret", "bucket", "log_group", "metric_filter", "role", "trail",
                                                     "alarm", "topic", "subscription", "event_rule", "event_target"])
    for kind in KindPermissions.all {
        #expect(!kind.read.isEmpty && !kind.create.isEmpty && !kind.delete.isEmpty, "\(kind.kind)")
        for action in kind.read { #expect(action.scope == .any, "\(action.name): reads scan the account") }
    }
}

@Test func s3ActionsAreNamedAsIAMNamesThem() {
    #expect(IAMActionName.of(service: "s3", operation: "ListBuckets") == "s3:ListAllMyBuckets")
    #expect(IAMActionName.of(service: "s3", operation: "CreateBucket") == "s3:CreateBucket")
    #expect(IAMActionName.of(service: "logs", operation: "CreateLogGroup") == "logs:CreateLogGroup")
}

/// Releasing a retained resource removes its tags: every kind with tags has an action for it.
@Test func everyTaggableKindCanBeReleased() {
    for kind in KindPermissions.all {
        let taggable = !["metric_filter", "subscription", "event_target"].contains(kind.kind)
        #expect(kind.release.isEmpty != taggable, "\(kind.kind): \(kind.release.map(\.name))")
    }
}

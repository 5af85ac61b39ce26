import Foundation
import SecmonAlerts
import SecmonCore
import SecmonStack
import Testing

/// stacks/cis-alarms.yaml against the CIS AWS Foundations Benchmark v3.0.0/v4.0.0 text (issue 15).
private let cis: ValidatedStack? = {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    return StackLoader.load(path: repository + "/stacks/cis-alarms.yaml").stack
}()

private func filter(_ id: String) throws -> FilterPattern {
    let resource = try #require(cis?.resources.first { $0.id == id })
    return try FilterPattern(try #require(resource.properties["pattern"]?.value.stringValue))
}

private func listedEventNames(_ pattern: String) -> Set<String> {
    Set(pattern.matches(of: #/\$\.eventName\s*=\s*"?([A-Za-z]+)/#).map { String($0.output.1) })
}

@Test func everyFilterTestsEveryEventNameItLists() throws {
    let stack = try #require(cis)
    let filters = stack.resources.filter { $0.kind == "metric_filter" }
    #expect(filters.count == 15)
    for resource in filters {
        let listed = listedEventNames(resource.properties["pattern"]?.value.stringValue ?? "")
        let tests = try MetricFilterTest.parseList(resource.tests?.plainValue ?? .null)
        let matched = Set(tests.filter(\.expectMatch).compactMap { test -> String? in
            guard case .inline(let text) = test.events else { return nil }
            return LogEvent(message: text).json?["eventName"]?.scalarText
        })
        #expect(listed.isSubset(of: matched), "\(resource.id) has no matching test for \(listed.subtracting(matched).sorted())")
    }
}

@Test func routeTableChangesAreEC2Only() throws {
    let routes = try filter("route_table_changes")
    for name in ["CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"] {
        #expect(routes.matches(LogEvent(message: #"{"eventSource": "ec2.amazonaws.com", "eventName": "\#(name)"}"#)), "\(name)")
        #expect(!routes.matches(LogEvent(message: #"{"eventSource": "apigateway.amazonaws.com", "eventName": "\#(name)"}"#)), "\(name)")
    }
}

@Test func organizationsChangesListEveryEventTheBenchmarkLists() throws {
    let benchmark: Set<String> = [
        "AcceptHandshake", "AttachPolicy", "CancelHandshake", "CreateAccount", "CreateOrganization", "CreateOrganizationalUnit",
        "CreatePolicy", "DeclineHandshake", "DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy",
        "DisablePolicyType", "EnableAllFeatures", "EnablePolicyType", "InviteAccountToOrganization", "LeaveOrganization",
        "MoveAccount", "RemoveAccountFromOrganization", "UpdateOrganizationalUnit", "UpdatePolicy",
    ]
    let organizations = try filter("organizations_changes")
    for name in benchmark {
        #expect(organizations.matches(LogEvent(message: #"{"eventSource": "organizations.amazonaws.com", "eventName": "\#(name)"}"#)), "\(name)")
    }
    let resource = try #require(cis?.resources.first { $0.id == "organizations_changes" })
    #expect(listedEventNames(resource.properties["pattern"]?.value.stringValue ?? "") == benchmark)
}

@Test func everyControlNamesItsBenchmarkIdAndVersion() throws {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    let text = try String(contentsOfFile: repository + "/stacks/cis-alarms.yaml", encoding: .utf8)
    for control in 1...15 {
        #expect(text.contains("CIS AWS Foundations Benchmark v3.0.0 and v4.0.0, control 4.\(control):"), "4.\(control)")
    }
}

import AWSClient
import SecmonCore
import SecmonPlan
@testable import SecmonResources
import SecmonStack

/// Where a kind's schema and its mapping disagree: a property without a mapping, a mapping for
/// no property, a member the service model does not have, a default normalisation does not
/// fill. Empty when they agree.
func disagreements<M: KindMapping>(_ mapping: M.Type, sample driver: M) -> [String] {
    var problems: [String] = []
    let schema = M.schema
    let context = DriverContext(stackName: "demo", accountID: "123456789012", region: "us-east-1")
    // Only the required properties given: everything else must come from the schema's defaults.
    var given: [String: Value] = [:]
    for property in schema.properties where property.requirement.isRequired { given[property.name] = .string("x") }
    let normalized = driver.normalize(given, id: "sample", context: context)

    let declared = schema.allProperties.filter { $0.change != .none }.map(\.name)
    for name in Set(declared).union(normalized.keys).sorted() where M.mapping[name] == nil {
        problems.append("\(schema.name).\(name) has no mapping")
    }
    for name in M.mapping.keys.sorted() where !declared.contains(name) && normalized[name] == nil {
        problems.append("\(schema.name) maps \(name), which is no property of the kind")
    }
    for property in schema.properties {
        guard let fallback = property.defaultValue, normalized[property.name] != nil else { continue }
        if normalized[property.name] != property.normalize(fallback, [:]) {
            problems.append("\(schema.name).\(property.name) defaults to \(normalized[property.name] ?? .null), "
                + "the schema says \(fallback)")
        }
    }
    guard let model = try? ServiceModel.named(M.service) else { return problems + ["no model for \(M.service)"] }
    for (name, target) in M.mapping.sorted(by: { $0.key < $1.key }) {
        switch target {
        case .member(let operation, let path):
            if let problem = model.memberProblem(operation, path) { problems.append("\(schema.name).\(name): \(problem)") }
        case .within(let document):
            if case .member? = M.mapping[document] {} else {
                problems.append("\(schema.name).\(name) is within \(document), which is not sent")
            }
        case .notSent:
            break
        }
    }
    return problems
}

extension ServiceModel {
    /// Why `operation`'s input has no member at the dotted `path` (lists and maps are looked
    /// through), nil when it has.
    func memberProblem(_ operation: String, _ path: String) -> String? {
        guard let op = self.operation(operation) else { return "\(service.rawValue) has no operation \(operation)" }
        var shape = op.input.flatMap { self.shape($0.shape) }
        for part in path.split(separator: ".").map(String.init) {
            while let s = shape, s.kind == .list || s.kind == .map {
                shape = (s.kind == .list ? s.member : s.value).flatMap { self.shape($0.shape) }
            }
            guard let member = shape?.member(named: part) else { return "\(operation) has no member \(path)" }
            shape = self.shape(member.ref.shape)
        }
        return nil
    }
}

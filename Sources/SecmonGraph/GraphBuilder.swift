import Foundation
import SecmonCore
import SecmonStack

/// Why a graph could not be built from a stack (only possible for a hand-made `ValidatedStack`:
/// validation already rejects cycles).
public struct GraphBuildError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// ValidatedStack -> DesiredGraph: properties as `Value`s (references as `.template`), edges from
/// references and `depends_on`, a deterministic topological order, and derived properties.
public enum GraphBuilder {
    public static func build(_ stack: ValidatedStack) throws -> DesiredGraph {
        var resources: [String: DesiredResource] = [:]
        for resource in stack.resources {
            var properties = resource.properties.mapValues(\.value)
            if resource.kind == KindSchema.secret.name, let source = properties["value"] {
                properties["value"] = anchored(source, in: stack.directory)
            }
            let writeOnly = (KindSchema.named(resource.kind)?.properties ?? []).compactMap { property in
                property.versionProperty.map { (property.name, $0) }
            }
            resources[resource.id] = DesiredResource(
                id: resource.id, kind: resource.kind, properties: properties,
                dependencies: resource.dependencies, location: resource.location,
                writeOnlyVersions: Dictionary(writeOnly) { first, _ in first })
            resources[resource.id]?.watched = resource.watched
            if !resource.dependsOn.isEmpty { resources[resource.id]?.declaredDependencies = Set(resource.dependsOn) }
            resources[resource.id]?.lifecycle = resource.lifecycle
            if let at = resource.lifecycleLocation { resources[resource.id]?.lifecycleLocation = at }
            resources[resource.id]?.sharedAcrossRegions = resource.sharedAcrossRegions
        }
        DerivedProperties.add(to: &resources, stack: stack)

        guard let order = DependencyOrder.sorted(resources.mapValues(\.dependencies)) else {
            let rank = Dictionary(uniqueKeysWithValues: stack.resources.enumerated().map { ($1.id, $0) })
            let cycle = DependencyOrder.cycles(resources.mapValues(\.dependencies), rank: { rank[$0] ?? Int.max }).first ?? []
            throw GraphBuildError(message: "reference cycle: \(cycle.joined(separator: " -> "))")
        }
        return DesiredGraph(stackName: stack.name, region: stack.region, tags: stack.tags, resources: resources, order: order)
    }

    /// `from_file` is relative to the stack file; the driver reading it may run elsewhere, so the
    /// graph carries the path resolved against the stack's directory.
    static func anchored(_ source: Value, in directory: String) -> Value {
        guard var map = source.mapValue, let path = map["from_file"]?.stringValue, !path.hasPrefix("/") else { return source }
        map["from_file"] = .string(URL(fileURLWithPath: directory).appendingPathComponent(path).standardizedFileURL.path)
        return .map(map)
    }
}

import AWSClient
import SecmonAWS
import ArgumentParser
import Foundation
import SecmonCore
import SecmonGraph
import SecmonPlan
import SecmonResources
import SecmonStack

/// What plan, apply and destroy share: the stack, validated before anything touches AWS, then
/// the client, the caller's identity, the drivers.
struct Session: Sendable {
    /// The stack as validated (nil for a saved plan): where each property is written.
    var stack: ValidatedStack?
    var graph: DesiredGraph?
    var client: SecmonClient
    /// The context before the caller's identity is known (its account id is pending).
    var provisionalContext: DriverContext
    /// The caller's identity, asked for when connecting; a plan reads beside it.
    var identity: Task<DriverContext, any Error>
    var drivers: DriverRegistry
    /// Where secret values are read from, as the drivers read them.
    var secretValues: SecretValueSource
    /// For a target of the stack's `targets:`: the role assumed (a saved plan records it).
    var role: String?

    /// Loads the stack and runs the whole of `validate` on it (lints and `tests:` included),
    /// showing every diagnostic, warnings too; fails on any error, or on a warning when
    /// `strict`: nothing has been sent to AWS then. Then connects.
    static func open(stack options: StackOptions, aws: AWSOptions, strict: Bool = false, io: CommandIO) async throws -> Session {
        let (stack, graph) = try load(options, strict: strict, io: io)
        return try await connect(aws: aws, region: stack.region, stack: stack, graph: graph, io: io)
    }

    /// The sessions of a stack's `targets:`: one per account and region, each signing with the
    /// credentials of the target's role, assumed with the credentials the chain finds; all
    /// connected at once. A stack without targets gets its one session, as `open`. `--target`
    /// and `--region` narrow the targets (`TargetSelection`).
    static func openAll(stack options: StackOptions, aws: AWSOptions, only: TargetOptions = TargetOptions(),
                        strict: Bool = false, io: CommandIO) async throws
        -> (sessions: [Session], targeted: Bool)
    {
        let (stack, graph) = try load(options, strict: strict, io: io)
        _ = try TargetSelection.select(stack.targets, only: only)
        guard !stack.targets.isEmpty else {
            return ([try await connect(aws: aws, region: stack.region, stack: stack, graph: graph, io: io)], false)
        }
        let pairs = try TargetSelection.pairs(stack.targets, region: aws.region, only: only)
        return (try await connectAll(pairs, aws: aws, stackName: graph.stackName, io: io) { client, target in
            var session = try await connect(client: client, stackName: graph.stackName, stackTags: graph.tags,
                                            fileBase: stack.directory, target: target, io: io)
            session.graph = graph
            session.stack = stack
            return session
        }, true)
    }

    /// One session per (target, region), each signing with the target role's credentials,
    /// assumed with the credentials the chain finds; all connected at once, in order.
    static func connectAll<Part: Sendable>(_ parts: [(target: StackTarget, region: String, part: Part)], aws: AWSOptions,
                                          stackName: String, io: CommandIO,
                                          connect: @escaping @Sendable (SecmonClient, StackTarget, Part) async throws -> Session)
        async throws -> [Session]
    {
        let base = try aws.makeClient(environment: io.environment, debugOutput: io.err).configuration
        let sessionName = TargetSelection.sessionName(stackName)
        return try await withThrowingTaskGroup(of: (Int, Session).self) { group in
            for (index, part) in parts.enumerated() {
                group.addTask {
                    let client = SecmonClient(configuration: base.assumingRole(part.target.role, region: part.region,
                                                                                sessionName: sessionName))
                    var session = try await connect(client, part.target, part.part)
                    session.role = part.target.role
                    return (index, session)
                }
            }
            var sessions: [(Int, Session)] = []
            for try await pair in group { sessions.append(pair) }
            return sessions.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    static func connectAll(_ pairs: [(target: StackTarget, region: String)], aws: AWSOptions, stackName: String,
                                   io: CommandIO, connect: @escaping @Sendable (SecmonClient, StackTarget) async throws -> Session)
        async throws -> [Session]
    {
        try await connectAll(pairs.map { ($0.target, $0.region, ()) }, aws: aws, stackName: stackName, io: io) { client, target, _ in
            try await connect(client, target)
        }
    }

    /// Loads the stack and runs the whole of `validate` on it; see `open`.
    private static func load(_ options: StackOptions, strict: Bool, io: CommandIO) throws -> (ValidatedStack, DesiredGraph) {
        let result = options.load(checkers: StackCheckers.all)
        DiagnosticLines.show(result.diagnostics, on: io)
        guard let stack = result.stack, !result.hasErrors else { throw AlreadyReported() }
        let warnings = result.diagnostics.filter { $0.severity == .warning }.count
        if strict, warnings > 0 {
            io.err("error: --strict: \(warnings) warning\(warnings == 1 ? "" : "s") above; fix \(warnings == 1 ? "it" : "them") or run without --strict")
            throw AlreadyReported()
        }
        return (stack, try GraphBuilder.build(stack))
    }

    private static func connect(aws: AWSOptions, region: String?, stack: ValidatedStack, graph: DesiredGraph,
                                io: CommandIO) async throws -> Session {
        var aws = aws
        if aws.region == nil, let region { aws.region = region }
        return try await connect(client: try aws.makeClient(environment: io.environment, debugOutput: io.err),
                                 stack: stack, graph: graph, io: io)
    }

    private static func connect(client: SecmonClient, stack: ValidatedStack, graph: DesiredGraph, io: CommandIO) async throws
        -> Session
    {
        var session = try await connect(client: client, stackName: graph.stackName, stackTags: graph.tags,
                                        fileBase: stack.directory, io: io)
        session.graph = graph
        session.stack = stack
        return session
    }

    /// Connects for a saved plan, one session per part: the part's region (and, for a
    /// target of `targets:`, its role), and `from_file` paths relative to the current directory.
    static func open(savedPlan parts: [SavedPlan], aws: AWSOptions, io: CommandIO) async throws -> [Session] {
        let targeted = parts.compactMap { part in
            part.role.map { role in
                (target: StackTarget(role: role, regions: [], name: part.plan.context.target), region: part.plan.context.region,
                 part: part.plan)
            }
        }
        guard let first = parts.first, targeted.count == parts.count else {
            var sessions: [Session] = []
            for part in parts {
                sessions.append(try await connect(aws: aws, region: part.plan.context.region, stackName: part.plan.stackName,
                                                  stackTags: part.plan.context.stackTags, fileBase: ".", io: io))
            }
            return sessions
        }
        return try await connectAll(targeted, aws: aws, stackName: first.plan.stackName, io: io) { client, target, plan in
            try await connect(client: client, stackName: plan.stackName, stackTags: plan.context.stackTags, fileBase: ".",
                              target: target, io: io)
        }
    }

    /// Region precedence: --region, then the stack file's `region:`, then the environment and
    /// profile (a stack that names its region means it).
    private static func connect(aws: AWSOptions, region: String?, stackName: String, stackTags: [String: String],
                                fileBase: String, io: CommandIO) async throws -> Session {
        var aws = aws
        if aws.region == nil, let region { aws.region = region }
        return try await connect(client: try aws.makeClient(environment: io.environment, debugOutput: io.err),
                                 stackName: stackName, stackTags: stackTags, fileBase: fileBase, io: io)
    }

    private static func connect(client: SecmonClient, stackName: String, stackTags: [String: String],
                                fileBase: String, target: StackTarget? = nil, io: CommandIO) async throws -> Session {
        let environment = io.environment
        // Ownership needs no account id: read it while the identity is asked for (and so does
        // a plan's first round of reads, see `Planner.identity`).
        let ownership = StackOwnership(client: client)
        ownership.prefetch(stackName: stackName)
        let provisional = DriverContext(stackName: stackName, accountID: DriverContext.pending, region: client.region,
                                        partition: DriverContext.pending, stackTags: stackTags,
                                        target: target?.id)
        let identity = Task {
            let caller = try await client.callerIdentity()
            var context = provisional
            context.accountID = caller.account
            context.partition = caller.partition
            return context
        }
        let values = SecretValueSource(
            environment: { environment[$0] },
            readFile: { path in try SecretValueSource.process.readFile(Self.resolve(path, against: fileBase)) })
        let drivers = DriverRegistry(ResourceDrivers.all(client: client, options: DriverOptions(secretValues: values,
                                                                                                ownership: ownership)))
        return Session(stack: nil, graph: nil, client: client, provisionalContext: provisional, identity: identity,
                       drivers: drivers, secretValues: values, role: target?.role)
    }

    /// The complete context, once the caller's identity has answered.
    func context() async throws -> DriverContext {
        try await identity.value
    }

    static func resolve(_ path: String, against base: String) -> String {
        path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
    }
}


/// Which (target, region) pairs of a stack's `targets:` a command runs in: all of them, or
/// those `--target` names and those in `--region`.
enum TargetSelection {
    /// The role session name secmon uses in a target's account (CloudTrail records it).
    static func sessionName(_ stackName: String) -> String { "secmon-\(String(stackName.prefix(40)))" }

    static func pairs(_ targets: [StackTarget], region: String?, only: TargetOptions = TargetOptions()) throws
        -> [(target: StackTarget, region: String)]
    {
        var pairs = try select(targets, only: only).flatMap { target in target.regions.map { (target: target, region: $0) } }
        if let only = region { pairs = pairs.filter { $0.region == only } }
        guard !pairs.isEmpty else {
            let which = only.ids.isEmpty ? "no target of the stack" : "no target chosen with --target"
            throw ValidationError("\(which) is in region \(region ?? ""): drop --region, or add the region to a target")
        }
        return pairs
    }

    /// The targets `--target` names (each by its id, i.e. its `name:`, or by its role ARN), in
    /// the stack's order; all of them without `--target`. An id that names no target is an
    /// error listing the ids there are; so is `--target` on a stack without `targets:`.
    static func select(_ targets: [StackTarget], only: TargetOptions) throws -> [StackTarget] {
        guard !only.ids.isEmpty else { return targets }
        guard !targets.isEmpty else {
            throw ValidationError("--target picks one of a stack's targets:, and this stack has none: drop --target")
        }
        func matches(_ target: StackTarget, _ id: String) -> Bool { target.id == id || target.role == id }
        let unknown = only.ids.filter { id in !targets.contains { matches($0, id) } }
        guard unknown.isEmpty else {
            throw ValidationError("the stack has no target \(unknown.map { "'\($0)'" }.joined(separator: ", ")); "
                                  + "its targets are: \(targets.map(\.id).joined(separator: ", "))")
        }
        return targets.filter { target in only.ids.contains { matches(target, $0) } }
    }
}

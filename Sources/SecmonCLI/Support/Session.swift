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
struct Session {
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

    /// Loads the stack and runs the whole of `validate` on it (lints and `tests:` included),
    /// showing every diagnostic, warnings too; fails on any error, or on a warning when
    /// `strict`: nothing has been sent to AWS then. Then connects.
    static func open(stack options: StackOptions, aws: AWSOptions, strict: Bool = false, io: CommandIO) async throws -> Session {
        let result = options.load(checkers: StackCheckers.all)
        DiagnosticLines.show(result.diagnostics, on: io)
        guard let stack = result.stack, !result.hasErrors else { throw AlreadyReported() }
        let warnings = result.diagnostics.filter { $0.severity == .warning }.count
        if strict, warnings > 0 {
            io.err("error: --strict: \(warnings) warning\(warnings == 1 ? "" : "s") above; fix \(warnings == 1 ? "it" : "them") or run without --strict")
            throw AlreadyReported()
        }
        let graph = try GraphBuilder.build(stack)
        var session = try await connect(aws: aws, region: stack.region, stackName: graph.stackName,
                                        stackTags: graph.tags, fileBase: stack.directory,
                                        io: io)
        session.graph = graph
        session.stack = stack
        return session
    }

    /// Connects for a saved plan: the plan's region, and `from_file` paths relative to the
    /// current directory.
    static func open(savedPlan plan: Plan, aws: AWSOptions, io: CommandIO) async throws -> Session {
        try await connect(aws: aws, region: plan.context.region, stackName: plan.stackName,
                          stackTags: plan.context.stackTags, fileBase: ".", io: io)
    }

    /// Region precedence: --region, then the stack file's `region:`, then the environment and
    /// profile (a stack that names its region means it).
    private static func connect(aws: AWSOptions, region: String?, stackName: String, stackTags: [String: String],
                                fileBase: String, io: CommandIO) async throws -> Session {
        var aws = aws
        if aws.region == nil, let region { aws.region = region }
        let environment = io.environment
        let client = try aws.makeClient(environment: environment, debugOutput: io.err)
        // Ownership needs no account id: read it while the identity is asked for (and so does
        // a plan's first round of reads, see `Planner.identity`).
        let ownership = StackOwnership(client: client)
        ownership.prefetch(stackName: stackName)
        let provisional = DriverContext(stackName: stackName, accountID: DriverContext.pending, region: client.region,
                                        partition: DriverContext.pending, stackTags: stackTags)
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
                       drivers: drivers, secretValues: values)
    }

    /// The complete context, once the caller's identity has answered.
    func context() async throws -> DriverContext {
        try await identity.value
    }

    static func resolve(_ path: String, against base: String) -> String {
        path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
    }
}


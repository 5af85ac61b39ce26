import AWSClient
import SecmonAWS
import ArgumentParser
import Foundation
import SecmonDoctor
import SecmonGraph
import SecmonRender
import SecmonStack

/// Which pipeline doctor and drill work on: the one a stack declares, or, with `--secret` and
/// no stack argument, the one discovered around that secret. Also builds the client (region
/// precedence as for plan: --region, then the stack's `region:`, then environment and profile).
enum PipelineSelection {
    /// One pipeline. For a stack with `targets:`, the one target (and region) left after
    /// `--target` and `--region`: drill and who-read work in one account and region at a time.
    static func resolve(stack options: StackOptions, secret: String?, aws: AWSOptions, only: TargetOptions,
                        io: CommandIO) async throws -> (PipelineTarget, SecmonClient) {
        let all = try await resolveAll(stack: options, secret: secret, aws: aws, only: only, io: io, everyChain: false)
        guard all.count == 1, let only = all.first else {
            throw ValidationError("the stack has \(all.count) targets here (\(all.map(\.label).joined(separator: "; "))), "
                                  + "and this command works in one account and region: pick one with --target "
                                  + "(and --region), or use `secmon doctor`, which checks every target")
        }
        guard let pipeline = only.pipelines.first else { throw PipelineTargetError("no pipeline to check") }
        return (pipeline, only.client)
    }

    /// One selection per target and region of a stack's `targets:` (narrowed by `--target` and `--region`),
    /// each with a client signing as the target's role; one for any other stack. With
    /// `everyChain` and no `--secret`, each holds one pipeline per secret the stack watches
    /// (doctor checks each chain apart); otherwise the one pipeline.
    static func resolveAll(stack options: StackOptions, secret: String?, aws: AWSOptions, only: TargetOptions,
                           io: CommandIO, everyChain: Bool) async throws -> [SelectedPipeline] {
        if options.stack == nil, let secret {
            guard only.ids.isEmpty else { throw ValidationError("--target picks one of a stack's targets: give the stack") }
            let client = try aws.makeClient(environment: io.environment, debugOutput: io.err)
            let pipeline = await Doctor(client: client, matcher: FilterMatching.evaluator).discover(secret: secret)
            return [SelectedPipeline(account: nil, pipelines: [pipeline], client: client)]
        }
        let result = options.load()
        DiagnosticLines.show(result.diagnostics, on: io)
        guard let stack = result.stack, !result.hasErrors else { throw AlreadyReported() }
        let graph = try GraphBuilder.build(stack)
        let pipelines = everyChain && secret == nil
            ? try PipelineTarget.all(graph: graph) : [try PipelineTarget(graph: graph, secret: secret)]
        _ = try TargetSelection.select(stack.targets, only: only)
        guard !stack.targets.isEmpty else {
            var aws = aws
            if aws.region == nil, let region = stack.region { aws.region = region }
            let client = try aws.makeClient(environment: io.environment, debugOutput: io.err)
            return [SelectedPipeline(account: nil, pipelines: pipelines, client: client)]
        }
        let base = try aws.makeClient(environment: io.environment, debugOutput: io.err).configuration
        let sessionName = TargetSelection.sessionName(graph.stackName)
        return try TargetSelection.pairs(stack.targets, region: aws.region, only: only).map { pair in
            let client = SecmonClient(configuration: base.assumingRole(pair.target.role, region: pair.region, sessionName: sessionName))
            return SelectedPipeline(account: pair.target.account, pipelines: pipelines, client: client)
        }
    }
}

/// A pipeline to check and the client to check it with; `account` is set for a target of the
/// stack's `targets:`.
struct SelectedPipeline: Sendable {
    var account: String?
    var pipelines: [PipelineTarget]
    var client: SecmonClient
    var region: String { client.region }
    var label: String { TargetPlans.label(account: account ?? "of the credentials", region: region) }
}

/// The offline filter-pattern evaluator doctor uses: SecmonAlerts', as `secmon test` does.
enum FilterMatching {
    static let evaluator: any FilterPatternMatching = AlertsFilterPatternMatcher()
}

import AWSClient
import SecmonAWS
import ArgumentParser
import Foundation
import SecmonDoctor
import SecmonGraph
import SecmonStack

/// Which pipeline doctor and drill work on: the one a stack declares, or, with `--secret` and
/// no stack argument, the one discovered around that secret. Also builds the client (region
/// precedence as for plan: --region, then the stack's `region:`, then environment and profile).
enum PipelineSelection {
    static func resolve(stack options: StackOptions, secret: String?, aws: AWSOptions,
                        io: CommandIO) async throws -> (PipelineTarget, SecmonClient) {
        if options.stack == nil, let secret {
            let client = try aws.makeClient(environment: io.environment, debugOutput: io.err)
            return (await Doctor(client: client, matcher: FilterMatching.evaluator).discover(secret: secret), client)
        }
        let result = options.load()
        DiagnosticLines.show(result.diagnostics, on: io)
        guard let stack = result.stack, !result.hasErrors else { throw AlreadyReported() }
        let graph = try GraphBuilder.build(stack)
        var aws = aws
        if aws.region == nil, let region = stack.region { aws.region = region }
        let client = try aws.makeClient(environment: io.environment, debugOutput: io.err)
        return (try PipelineTarget(graph: graph, secret: secret), client)
    }
}

/// The offline filter-pattern evaluator doctor uses: SecmonAlerts', as `secmon test` does.
enum FilterMatching {
    static let evaluator: any FilterPatternMatching = AlertsFilterPatternMatcher()
}

import ArgumentParser
import SecmonCore
import SecmonGraph
import SecmonStack

/// `secmon graph [STACK]`: the desired-state graph as Graphviz DOT (`| dot -Tsvg > graph.svg`).
struct GraphCommand: SecmonRunnable {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the stack's resources and their dependencies as Graphviz DOT.")

    @OptionGroup var options: StackOptions

    func execute(_ io: CommandIO) async throws -> CommandStatus {
        let result = options.load()
        DiagnosticLines.show(result.diagnostics, on: io)
        guard let stack = result.stack else { return .failure }
        io.writeOut(DOTRenderer.render(try GraphBuilder.build(stack)))
        return .success
    }
}

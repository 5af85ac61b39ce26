import ArgumentParser
import SecmonCore
import SecmonGraph
import SecmonStack

/// `secmon graph [STACK]`: the desired-state graph as Graphviz DOT (`| dot -Tsvg > graph.svg`).
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the stack's resources and their dependencies as Graphviz DOT.")

    @OptionGroup var options: StackOptions

    func run() throws {
        let result = options.load()
        DiagnosticPrinter.print(result.diagnostics)
        guard let stack = result.stack else { throw ExitCode(1) }
        do {
            print(DOTRenderer.render(try GraphBuilder.build(stack)), terminator: "")
        } catch {
            DiagnosticPrinter.print([Diagnostic(.error, "\(error)", at: nil)])
            throw ExitCode(1)
        }
    }
}

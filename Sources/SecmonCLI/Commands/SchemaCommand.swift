import ArgumentParser
import SecmonStack

/// `secmon schema`: the JSON Schema of stack files (docs/stack.schema.json is its output), or
/// with `--format markdown` the kind reference that docs/stacks.md embeds.
struct SchemaCommand: SecmonRunnable {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of stack files (or the kind reference as Markdown).")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, markdown
    }

    @Option(help: "json (the JSON Schema) or markdown (the kind reference).")
    var format: Format = .json

    func execute(_ io: CommandIO) async throws -> CommandStatus {
        switch format {
        case .json: io.writeOut(JSONSchemaGenerator.rendered())
        case .markdown: io.writeOut(KindReferenceDocs.markdown())
        }
        return .success
    }
}

import ArgumentParser
import Testing
@testable import SecmonCLI

/// Help text is written as sentences and wrapped by ArgumentParser to the terminal's width:
/// a hard line break inside a paragraph would break a sentence mid-way on a wider terminal
/// ("compares it / with the / stack.").
@Test("help text has no hard line breaks inside a paragraph",
      arguments: SecmonCommand.configuration.subcommands.map { $0.configuration.commandName ?? "" })
func helpTextIsWrappedBySentence(_ name: String) throws {
    let command = try #require(SecmonCommand.configuration.subcommands.first { $0.configuration.commandName == name })
    let discussion = command.configuration.discussion
    for paragraph in discussion.components(separatedBy: "\n\n") {
        #expect(!paragraph.contains("\n"), "\(name): \(paragraph)")
    }
    #expect(!command.configuration.abstract.contains("\n"))
}

import ArgumentParser

/// `secmon version` (and `secmon --version`): version, commit, Swift version.
struct VersionCommand: SecmonRunnable {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print secmon's version, the commit it was built from and the Swift that built it.")

    @Flag(help: "Print it as JSON.")
    var json = false

    func execute(_ io: CommandIO) async throws -> CommandStatus {
        struct Document: Encodable { var version: String; var commit: String; var swift: String }
        io.out(json ? JSONOutput.encode(Document(version: BuildInfo.version, commit: BuildInfo.commit, swift: BuildInfo.swift))
                    : BuildInfo.description)
        return .success
    }
}

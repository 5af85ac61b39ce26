import ArgumentParser

/// `secmon`: the top-level command. Each subcommand is one small type in its own file.
public struct SecmonCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "secmon",
        abstract: "Declarative alerting on reads of your most sensitive AWS secrets.",
        version: BuildInfo.description,
        subcommands: [
            ValidateCommand.self, PlanCommand.self, ApplyCommand.self, DestroyCommand.self, GraphCommand.self,
            SchemaCommand.self, WhoamiCommand.self, TestPatternCommand.self, TestCommand.self, BacktestCommand.self, AthenaTableCommand.self,
            DoctorCommand.self, DrillCommand.self, WhoReadCommand.self, IAMPolicyCommand.self, VersionCommand.self,
        ]
    )
    public init() {}
}

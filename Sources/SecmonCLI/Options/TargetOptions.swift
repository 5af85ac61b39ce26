import ArgumentParser

/// `--target`: which targets of a stack's `targets:` a command works on (every one by default).
/// Shared by plan, apply, destroy, doctor, drill, who-read and iam-policy (`@OptionGroup var
/// targets: TargetOptions`); `TargetSelection` applies it, with `--region`.
struct TargetOptions: ParsableArguments {
    @Option(name: .customLong("target"),
            help: ArgumentHelp("Only this target of the stack's targets: (its name:, or its role ARN); repeat for several (default: every target).",
                               valueName: "id"))
    var ids: [String] = []
}

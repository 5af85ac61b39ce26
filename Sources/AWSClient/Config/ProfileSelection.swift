/// Which profile of the shared files to use, and who chose it (for messages and precedence).
public struct ProfileSelection: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// `--profile`: also makes environment credentials be ignored, as in the AWS CLI.
        case option
        /// `AWS_PROFILE`.
        case environment
        /// Nothing chose one: `default`.
        case `default`
    }

    public var name: String
    public var source: Source

    public init(name: String, source: Source) {
        self.name = name
        self.source = source
    }

    /// `--profile` first, then `AWS_PROFILE` (empty counts as unset), then `default`.
    public static func resolve(option: String?, environment: [String: String]) -> ProfileSelection {
        if let option, !option.isEmpty { return ProfileSelection(name: option, source: .option) }
        if let fromEnvironment = environment.nonEmpty("AWS_PROFILE") {
            return ProfileSelection(name: fromEnvironment, source: .environment)
        }
        return ProfileSelection(name: "default", source: .default)
    }

    /// How a message names the chooser: "profile 'x' (from AWS_PROFILE)".
    var described: String {
        switch source {
        case .option: return "profile '\(name)' (from --profile)"
        case .environment: return "profile '\(name)' (from AWS_PROFILE)"
        case .default: return "profile '\(name)'"
        }
    }
}

extension Dictionary where Key == String, Value == String {
    /// The value of an environment variable, treating an empty value as unset.
    func nonEmpty(_ name: String) -> String? {
        guard let value = self[name], !value.isEmpty else { return nil }
        return value
    }
}

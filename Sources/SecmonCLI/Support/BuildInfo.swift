/// What this binary is: secmon's version, the commit it was built from, and the Swift that
/// built it. `scripts/build-release` stamps `BuildStamp.swift` for a release; a development
/// build says `dev`.
public enum BuildInfo {
    public static let version = "0.4.0"
    public static var commit: String { BuildStamp.commit }

    /// The compiler's language version (the toolchain's patch level is not visible to code);
    /// a stamped build records the whole `swift --version` line instead.
    public static var swift: String {
        if let stamped = BuildStamp.swift { return stamped }
        #if compiler(>=6.4)
        return "6.4 or later"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }

    /// `secmon --version` and `secmon version`.
    public static var description: String {
        "secmon \(version) (commit \(commit), Swift \(swift))"
    }

    /// The User-Agent of every AWS request, as the AWS SDKs form theirs.
    public static var userAgent: String { "secmon/\(version) lang/swift#\(swift.split(separator: " ").first ?? "") md/commit#\(commit)" }
}

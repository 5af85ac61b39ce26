// Rewritten by scripts/build-release for a release build, and restored afterwards.
enum BuildStamp {
    static let commit = "dev"
    static let swift: String? = nil
}

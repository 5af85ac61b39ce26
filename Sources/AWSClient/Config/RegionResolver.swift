/// The region, in the SDKs' order: explicit option, `AWS_REGION`, `AWS_DEFAULT_REGION`, then the
/// profile's `region`. Empty values count as unset.
enum RegionResolver {
    static func resolve(option: String?, environment: [String: String], profile: ProfileSelection,
                        files: SharedConfigFiles) throws -> String {
        let candidates: [(String?, String)] = [
            (option.flatMap { $0.isEmpty ? nil : $0 }, "--region"),
            (environment.nonEmpty("AWS_REGION"), "AWS_REGION"),
            (environment.nonEmpty("AWS_DEFAULT_REGION"), "AWS_DEFAULT_REGION"),
            (files.settings(ofProfile: profile.name)["region"].flatMap { $0.isEmpty ? nil : $0 }, "the \(profile.described)"),
        ]
        guard let (region, source) = candidates.first(where: { $0.0 != nil }).map({ ($0.0 ?? "", $0.1) }) else {
            throw AWSError.configuration("NoRegion",
                "No AWS region configured: pass --region, set AWS_REGION, or set region in the \(profile.described) of "
                + "\(files.configPath ?? "~/.aws/config").")
        }
        guard isValidRegionName(region) else {
            throw AWSError.configuration("InvalidRegion",
                "The region '\(region)' from \(source) is not a region name (expected something like us-east-1).")
        }
        return region
    }

    /// Lowercase letters, digits and dashes: a region ends up in a host name.
    static func isValidRegionName(_ region: String) -> Bool {
        !region.isEmpty && region.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        } && !region.hasPrefix("-") && !region.hasSuffix("-")
    }
}

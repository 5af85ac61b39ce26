import SecmonCore
import SecmonPlan

/// ARNs secmon can build before a resource exists (every kind but the secret, whose ARN ends
/// in a random suffix, and the subscription, whose ARN AWS assigns).
enum ARN {
    static func logGroup(_ name: String, _ c: DriverContext) -> String {
        "arn:\(c.partition):logs:\(c.region):\(c.accountID):log-group:\(name)"
    }
    static func trail(_ name: String, _ c: DriverContext) -> String {
        "arn:\(c.partition):cloudtrail:\(c.region):\(c.accountID):trail/\(name)"
    }
    static func topic(_ name: String, _ c: DriverContext) -> String {
        "arn:\(c.partition):sns:\(c.region):\(c.accountID):\(name)"
    }
    static func alarm(_ name: String, _ c: DriverContext) -> String {
        "arn:\(c.partition):cloudwatch:\(c.region):\(c.accountID):alarm:\(name)"
    }
    static func role(_ name: String, _ c: DriverContext) -> String {
        "arn:\(c.partition):iam::\(c.accountID):role/\(name)"
    }
    static func bucket(_ name: String, _ c: DriverContext) -> String {
        "arn:\(c.partition):s3:::\(name)"
    }
    static func accountRoot(_ c: DriverContext) -> String {
        "arn:\(c.partition):iam::\(c.accountID):root"
    }

    /// CloudWatch Logs reports log group ARNs with a trailing ":*" in some places; secmon's
    /// `arn` attribute never has it.
    static func withoutWildcard(_ arn: String) -> String {
        arn.hasSuffix(":*") ? String(arn.dropLast(2)) : arn
    }

    /// The same for a property value (anything but a string is left alone).
    static func withoutWildcard(_ value: Value) -> Value {
        value.stringValue.map { .string(withoutWildcard($0)) } ?? value
    }
}

import AWSClient
import SecmonCore
import SecmonPlan

/// ARNs secmon can build before a resource exists (every kind but the secret, whose ARN ends
/// in a random suffix, and the subscription, whose ARN AWS assigns).
extension ARN {
    /// An ARN in the context's partition; its region and account unless the service is global.
    init(_ c: DriverContext, _ service: String, _ resource: String, region: Bool = true, account: Bool = true) {
        self.init(partition: c.partition, service: service, region: region ? c.region : "",
                  account: account ? c.accountID : "", resource: resource)
    }

    static func logGroup(_ name: String, _ c: DriverContext) -> String { ARN(c, "logs", "log-group:\(name)").description }
    static func trail(_ name: String, _ c: DriverContext) -> String { ARN(c, "cloudtrail", "trail/\(name)").description }
    static func topic(_ name: String, _ c: DriverContext) -> String { ARN(c, "sns", name).description }
    static func alarm(_ name: String, _ c: DriverContext) -> String { ARN(c, "cloudwatch", "alarm:\(name)").description }
    static func role(_ name: String, _ c: DriverContext) -> String { ARN(c, "iam", "role/\(name)", region: false).description }
    static func bucket(_ name: String, _ c: DriverContext) -> String {
        ARN(c, "s3", name, region: false, account: false).description
    }
    static func eventRule(_ name: String, _ c: DriverContext) -> String { ARN(c, "events", "rule/\(name)").description }
    static func accountRoot(_ c: DriverContext) -> String { ARN(c, "iam", "root", region: false).description }

    /// The last part of an ARN's text (a topic's name).
    static func name(_ text: String) -> String { text.split(separator: ":").last.map(String.init) ?? text }

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

import AWSClient
import Foundation

// The live parts of a pipeline as doctor needs them, parsed from model-shaped replies.
// Each `init(reply:)` reads members by their botocore names and tolerates absent members.

public struct SecretPart: Sendable, Hashable {
    public var name: String
    public var arn: String
    /// Set when the secret is scheduled for deletion.
    public var deletedDate: Date?
    init(reply: AWSValue) {
        name = reply["Name"].string ?? ""
        arn = reply["ARN"].string ?? ""
        deletedDate = reply["DeletedDate"].anyDate
    }
}

public struct TrailPart: Sendable, Hashable {
    public var name: String
    public var arn: String
    public var homeRegion: String?
    public var isMultiRegion: Bool
    public var logGroupArn: String?
    public var roleArn: String?
    /// Where the trail writes its log files (S3BucketName, S3KeyPrefix).
    public var bucketName: String?
    public var keyPrefix: String?
    init(reply t: AWSValue) {
        name = t["Name"].string ?? ""
        arn = t["TrailARN"].string ?? ""
        homeRegion = t["HomeRegion"].nonEmptyString
        isMultiRegion = t["IsMultiRegionTrail"].bool ?? false
        logGroupArn = t["CloudWatchLogsLogGroupArn"].nonEmptyString
        roleArn = t["CloudWatchLogsRoleArn"].nonEmptyString
        bucketName = t["S3BucketName"].nonEmptyString
        keyPrefix = t["S3KeyPrefix"].nonEmptyString
    }
    /// The trail's home region: HomeRegion, else the region in its ARN.
    public var region: String? { homeRegion ?? ARN(arn)?.region }
}

public struct TrailStatusPart: Sendable, Hashable {
    public var isLogging: Bool
    public var latestLogsDelivery: Date?
    public var latestLogsDeliveryError: String?
    public var latestS3DeliveryError: String?
    /// Whether the reply carried the CloudWatch Logs delivery fields at all (moto never does).
    public var reportsLogsDelivery: Bool
    init(reply: AWSValue) {
        isLogging = reply["IsLogging"].bool ?? false
        latestLogsDelivery = reply["LatestCloudWatchLogsDeliveryTime"].anyDate
        latestLogsDeliveryError = reply["LatestCloudWatchLogsDeliveryError"].nonEmptyString
        latestS3DeliveryError = reply["LatestDeliveryError"].nonEmptyString
        reportsLogsDelivery = !reply["LatestCloudWatchLogsDeliveryTime"].isNull
            || !reply["LatestCloudWatchLogsDeliveryError"].isNull
    }
}

/// A trail's event selectors, basic or advanced (a trail has one kind or the other).
public struct EventSelectorsPart: Sendable, Hashable {
    public struct Basic: Sendable, Hashable {
        public var readWriteType: String
        public var includeManagementEvents: Bool
        public var excludedSources: [String]
    }
    public struct Field: Sendable, Hashable {
        public var field: String
        public var equals: [String]
        public var notEquals: [String]
    }
    public var basic: [Basic]
    /// Each advanced selector is a list of field conditions that must all hold.
    public var advanced: [[Field]]
    init(reply: AWSValue) {
        basic = reply["EventSelectors"].list.map {
            Basic(readWriteType: $0["ReadWriteType"].string ?? "All",
                  includeManagementEvents: $0["IncludeManagementEvents"].bool ?? true,
                  excludedSources: $0["ExcludeManagementEventSources"].list.compactMap(\.string))
        }
        advanced = reply["AdvancedEventSelectors"].list.map { selector in
            selector["FieldSelectors"].list.map {
                Field(field: $0["Field"].string ?? "",
                      equals: $0["Equals"].list.compactMap(\.string),
                      notEquals: $0["NotEquals"].list.compactMap(\.string))
            }
        }
    }
}

public struct RolePart: Sendable, Hashable {
    public var name: String
    public var arn: String
    /// The trust policy as JSON text (percent-decoding already undone where needed).
    public var trustPolicy: String?
    /// Inline policies: name -> JSON text.
    public var inlinePolicies: [String: String]
    /// Managed policies attached to the role; doctor does not evaluate them.
    public var attachedPolicyCount: Int
}

public struct LogActivityPart: Sendable, Hashable {
    /// The newest ingestion (or event) time over the group's streams; nil when it has none.
    public var latestIngestion: Date?
    public var latestStream: String?
}

public struct MetricTransformationPart: Sendable, Hashable, Codable {
    public var namespace: String
    public var name: String
    public var value: String
    public var defaultValue: Double?
    public var dimensions: [String: String]
}

public struct MetricFilterPart: Sendable, Hashable {
    public var name: String
    public var logGroupName: String
    public var pattern: String
    public var transformations: [MetricTransformationPart]
    init(reply f: AWSValue) {
        name = f["filterName"].string ?? ""
        logGroupName = f["logGroupName"].string ?? ""
        pattern = f["filterPattern"].string ?? ""
        transformations = f["metricTransformations"].list.map {
            MetricTransformationPart(
                namespace: $0["metricNamespace"].string ?? "", name: $0["metricName"].string ?? "",
                value: $0["metricValue"].string ?? "", defaultValue: $0["defaultValue"].double,
                dimensions: $0["dimensions"].map.compactMapValues(\.string))
        }
    }
}

public struct AlarmPart: Sendable, Hashable {
    public var name: String
    public var arn: String
    public var namespace: String?
    public var metricName: String?
    public var dimensions: [String: String]
    public var statistic: String?
    public var extendedStatistic: String?
    public var usesMetricMath: Bool
    public var period: Int
    public var evaluationPeriods: Int
    public var datapointsToAlarm: Int
    public var threshold: Double
    public var comparison: String
    public var treatMissingData: String
    public var actionsEnabled: Bool
    public var alarmActions: [String]
    public var stateValue: String
    public var stateUpdated: Date?
    init(reply a: AWSValue) {
        name = a["AlarmName"].string ?? ""
        arn = a["AlarmArn"].string ?? ""
        namespace = a["Namespace"].nonEmptyString
        metricName = a["MetricName"].nonEmptyString
        dimensions = Dictionary(a["Dimensions"].list.compactMap { d in
            d["Name"].string.map { ($0, d["Value"].string ?? "") }
        }, uniquingKeysWith: { first, _ in first })
        statistic = a["Statistic"].nonEmptyString
        extendedStatistic = a["ExtendedStatistic"].nonEmptyString
        usesMetricMath = !a["Metrics"].list.isEmpty
        period = a["Period"].int ?? 0
        evaluationPeriods = a["EvaluationPeriods"].int ?? 1
        datapointsToAlarm = a["DatapointsToAlarm"].int ?? evaluationPeriods
        threshold = a["Threshold"].double ?? 0
        comparison = a["ComparisonOperator"].string ?? ""
        treatMissingData = a["TreatMissingData"].string ?? "missing"
        actionsEnabled = a["ActionsEnabled"].bool ?? true
        alarmActions = a["AlarmActions"].list.compactMap(\.string)
        stateValue = a["StateValue"].string ?? ""
        stateUpdated = a["StateUpdatedTimestamp"].anyDate
    }
}

public struct AlarmHistoryItemPart: Sendable, Hashable {
    public var date: Date?
    public var type: String
    public var summary: String
}

/// The trail's bucket and its policy (nil: the bucket has none).
public struct BucketPolicyPart: Sendable, Hashable {
    public var bucket: String
    public var policy: String?
}

public struct TopicPart: Sendable, Hashable {
    public var arn: String
    public var policy: String?
    public var kmsKeyId: String?
    init(arn: String, attributes: [String: AWSValue]) {
        self.arn = arn
        policy = attributes["Policy"]?.nonEmptyString
        kmsKeyId = attributes["KmsMasterKeyId"]?.nonEmptyString
    }
    public var name: String { ARN(arn)?.resource ?? arn }
}

/// An EventBridge rule (DescribeRule) and the ARNs of its targets (ListTargetsByRule).
public struct EventRulePart: Sendable, Hashable {
    public var name: String
    public var arn: String
    public var state: String
    public var pattern: String?
    public var targetArns: [String]
    public init(name: String, arn: String, state: String, pattern: String?, targetArns: [String]) {
        self.name = name
        self.arn = arn
        self.state = state
        self.pattern = pattern
        self.targetArns = targetArns
    }
}

/// The resource policy of one of the rule's targets that EventBridge needs a resource policy to
/// reach: an SQS queue (its `Policy` attribute) or a Lambda function (GetPolicy).
public struct TargetPolicyPart: Sendable {
    public enum Kind: String, Sendable { case queue = "queue", function = "function" }
    public var arn: String
    public var kind: Kind
    /// The policy document's text; `.missing` when the target has none.
    public var policy: Observed<String>

    /// The queue's or the function's name (a function's qualifier kept: `name:alias`).
    public var name: String { Self.name(of: arn) }

    static func name(of arn: String) -> String {
        let resource = ARN(arn)?.resource ?? arn
        return resource.hasPrefix("function:") ? String(resource.dropFirst("function:".count)) : resource
    }

    /// The kind of target `arn` names, when it is one that needs a resource policy.
    static func kind(of arn: String) -> Kind? {
        switch ARN(arn)?.service {
        case "sqs": return .queue
        case "lambda": return .function
        default: return nil
        }
    }
}

public struct SubscriptionPart: Sendable, Hashable {
    public var arn: String
    public var `protocol`: String
    public var endpoint: String
    public var pendingConfirmation: Bool
}

extension AWSValue {
    /// A string member, with "" read as absent (CloudTrail returns "" for unset strings).
    var nonEmptyString: String? { string.flatMap { $0.isEmpty ? nil : $0 } }
    /// A timestamp whichever way the protocol layer delivered it (Date, epoch seconds, ISO text).
    var anyDate: Date? {
        if let d = date { return d }
        if case .double(let s) = self { return Date(timeIntervalSince1970: s) }
        if case .integer(let s) = self { return Date(timeIntervalSince1970: Double(s)) }
        if let s = nonEmptyString { return ISO8601DateFormatter().date(from: s) }
        return nil
    }
}


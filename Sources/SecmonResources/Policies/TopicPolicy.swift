import AWSClient
import SecmonCore
import SecmonPlan

/// The access policy secmon gives a topic: the account may manage it, and each service in
/// `allow_publish_from` may publish to it, but only on behalf of this account (and, for
/// CloudWatch, only from this region's alarms).
enum TopicPolicy {
    static let servicePrincipals = ["cloudwatch": "cloudwatch.amazonaws.com",
                                    "cloudtrail": "cloudtrail.amazonaws.com",
                                    "events": "events.amazonaws.com"]

    static func document(topicArn: String, publishers: [String], context c: DriverContext) -> Value {
        var statements: [Value] = [
            .map([
                "Sid": .string("TopicOwner"),
                "Effect": .string("Allow"),
                "Principal": .map(["AWS": .string(ARN.accountRoot(c))]),
                "Action": .list(["SNS:AddPermission", "SNS:DeleteTopic", "SNS:GetTopicAttributes",
                                 "SNS:ListSubscriptionsByTopic", "SNS:Publish", "SNS:RemovePermission",
                                 "SNS:SetTopicAttributes", "SNS:Subscribe"].map(Value.string)),
                "Resource": .string(topicArn),
            ]),
        ]
        for publisher in Set(publishers).sorted() {
            guard let principal = servicePrincipals[publisher] else { continue }
            var condition: [String: Value] = ["StringEquals": .map(["aws:SourceAccount": .string(c.accountID)])]
            if publisher == "cloudwatch" {
                condition["ArnLike"] = .map([
                    "aws:SourceArn": .string("arn:\(c.partition):cloudwatch:\(c.region):\(c.accountID):alarm:*"),
                ])
            }
            statements.append(.map([
                "Sid": .string("AllowPublishFrom" + publisher.prefix(1).uppercased() + publisher.dropFirst()),
                "Effect": .string("Allow"),
                "Principal": .map(["Service": .string(principal)]),
                "Action": .string("sns:Publish"),
                "Resource": .string(topicArn),
                "Condition": .map(condition),
            ]))
        }
        return PolicyDocument.canonical(.map(["Version": .string("2012-10-17"), "Statement": .list(statements)]))
    }
}

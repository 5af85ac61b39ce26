import AWSClient
import Foundation

/// Reads the live state of a pipeline target, concurrently where the reads are independent.
/// Read-only: it calls only Describe*/Get*/List*/TestMetricFilter operations.
public struct PipelineReader: Sendable {
    public let client: any AWSCalling

    public init(client: any AWSCalling) {
        self.client = client
    }

    public func read(_ target: PipelineTarget, now: Date) async -> PipelineFacts {
        // Stage 1: what the target names directly.
        async let identity = readIdentity()
        async let secret = readSecret(target.secret)
        async let trail = readTrail(target.trailName)
        async let alarm = readAlarm(target.alarmName, hasFilter: target.metricFilterName != nil)
        async let rule = readEventRule(target.eventRuleName)
        let (identityR, secretR, trailR, alarmR) = await (identity, secret, trail, alarm)

        // Stage 2: what the stage-1 answers point at.
        let logGroupName = target.logGroupName ?? trailR.value?.logGroupArn.flatMap(Self.logGroupName(fromArn:))
        let topicArn = resolveTopic(target.topic, alarm: alarmR.value, identity: identityR.value)
        async let status = readTrailStatus(trailR)
        async let selectors = readSelectors(trailR)
        async let role = readRole(trailR)
        async let bucketPolicy = readBucketPolicy(trailR)
        async let activity = readLogActivity(logGroupName)
        async let filter = readMetricFilter(target.metricFilterName, logGroup: logGroupName)
        async let history = readAlarmHistory(alarmR, now: now)
        async let topic = readTopic(topicArn)
        async let subscriptions = readSubscriptions(topicArn)
        async let failures = readFailedNotifications(topicArn, now: now)
        let filterR = await filter

        // Stage 3: the endpoint's own evaluation of the filter against sample reads; the
        // resource policies of the rule's queue and function targets.
        let serverTest = await testFilterOnServer(filterR, secret: secretR, target: target, identity: identityR.value, now: now)
        let ruleR = await rule
        let targetPolicies = await readTargetPolicies(ruleR)

        return await PipelineFacts(
            region: client.region, readAt: now, identity: identityR, secret: secretR, trail: trailR,
            trailStatus: status, eventSelectors: selectors, role: role, bucketPolicy: bucketPolicy, logGroupName: logGroupName,
            logActivity: activity, metricFilter: filterR, serverFilterTest: serverTest, alarm: alarmR,
            alarmHistory: history, topicArn: topicArn, topic: topic, subscriptions: subscriptions, failedNotifications: failures,
            eventRule: ruleR, targetPolicies: targetPolicies)
    }

    // MARK: stage 1

    func readIdentity() async -> Observed<CallerIdentity> {
        await observe("caller identity") {
            try await client.callerIdentity()
        }
    }

    func readSecret(_ id: String) async -> Observed<SecretPart> {
        await observe("secret \(id)") {
            SecretPart(reply: try await client.call(.secretsmanager, "DescribeSecret", ["SecretId": .string(id)]))
        }
    }

    func readTrail(_ name: String?) async -> Observed<TrailPart> {
        guard let name else { return .missing("the target names no trail") }
        return await observe("trail \(name)") {
            // Shadow trails included: a multi-region trail made in another region shows up here.
            // trailNameList is not sent: moto ignores it, so the match is made here anyway.
            let reply = try await client.call(.cloudtrail, "DescribeTrails", ["includeShadowTrails": true])
            return reply["trailList"].list.map(TrailPart.init(reply:)).first { $0.name == name || $0.arn == name }
        }
    }

    func readAlarm(_ name: String?, hasFilter: Bool) async -> Observed<AlarmPart> {
        guard let name else {
            // Without a filter there is no metric to look for an alarm on: that link fails instead.
            return hasFilter ? .missing("no alarm watches the filter's metric") : .skipped("no metric filter, so no alarm on its metric")
        }
        return await observe("alarm \(name)") {
            let reply = try await client.call(.cloudwatch, "DescribeAlarms", ["AlarmNames": [.string(name)]])
            return reply["MetricAlarms"].list.map(AlarmPart.init(reply:)).first { $0.name == name }
        }
    }

    func readEventRule(_ name: String?) async -> Observed<EventRulePart> {
        guard let name else { return .skipped("the target names no event rule") }
        return await observe("event rule \(name)") {
            let rule = try await client.call(.events, "DescribeRule", ["Name": .string(name)])
            let targets = try await client.allPages(.events, "ListTargetsByRule", ["Rule": .string(name)], items: "Targets")
            return EventRulePart(name: name, arn: rule["Arn"].string ?? "", state: rule["State"].string ?? "",
                                 pattern: rule["EventPattern"].string, targetArns: targets.compactMap { $0["Arn"].string })
        }
    }

    /// The resource policy of each queue and function the rule delivers to (topics are read
    /// as the pipeline's topic; other targets need a role, not a resource policy).
    func readTargetPolicies(_ rule: Observed<EventRulePart>) async -> [TargetPolicyPart] {
        guard let rule = rule.value else { return [] }
        var parts: [TargetPolicyPart] = []
        for arn in rule.targetArns {
            guard let kind = TargetPolicyPart.kind(of: arn), let parsed = ARN(arn) else { continue }
            let policy: Observed<String>
            switch kind {
            case .queue:
                policy = await observe("queue \(parsed.resource)") { () -> String? in
                    var lookup: [String: AWSValue] = ["QueueName": .string(parsed.resource)]
                    if !parsed.account.isEmpty { lookup["QueueOwnerAWSAccountId"] = .string(parsed.account) }
                    let url = try await client.call(.sqs, "GetQueueUrl", .map(lookup))["QueueUrl"].string ?? ""
                    let attributes = try await client.call(.sqs, "GetQueueAttributes", ["QueueUrl": .string(url), "AttributeNames": ["Policy"]])
                    return attributes["Attributes"]["Policy"].nonEmptyString ?? ""
                }
            case .function:
                // Lambda answers ResourceNotFoundException both for a function without a resource
                // policy and for a missing function.
                policy = await observe("resource policy of function \(TargetPolicyPart.name(of: arn))") { () -> String? in
                    try await client.call(.lambda, "GetPolicy", ["FunctionName": .string(arn)])["Policy"].nonEmptyString
                }
            }
            // A queue that exists without a policy reads as "", kept apart from a missing queue.
            let part = policy.value == "" ? Observed<String>.missing("queue \(parsed.resource) has no access policy") : policy
            parts.append(TargetPolicyPart(arn: arn, kind: kind, policy: part))
        }
        return parts
    }

    // MARK: stage 2

    func readTrailStatus(_ trail: Observed<TrailPart>) async -> Observed<TrailStatusPart> {
        guard let trail = trail.value else { return .skipped(skipReason(trail, "trail")) }
        return await observe("status of trail \(trail.name)") {
            TrailStatusPart(reply: try await client.call(.cloudtrail, "GetTrailStatus", ["Name": .string(trail.arn)]))
        }
    }

    func readSelectors(_ trail: Observed<TrailPart>) async -> Observed<EventSelectorsPart> {
        guard let trail = trail.value else { return .skipped(skipReason(trail, "trail")) }
        return await observe("event selectors of trail \(trail.name)") {
            EventSelectorsPart(reply: try await client.call(.cloudtrail, "GetEventSelectors", ["TrailName": .string(trail.arn)]))
        }
    }

    func readBucketPolicy(_ trail: Observed<TrailPart>) async -> Observed<BucketPolicyPart> {
        guard let trail = trail.value else { return .skipped(skipReason(trail, "trail")) }
        guard let bucket = trail.bucketName else { return .missing("trail \(trail.name) names no S3 bucket") }
        return await observe("policy of bucket \(bucket)") {
            do {
                let reply = try await client.call(.s3, "GetBucketPolicy", ["Bucket": .string(bucket)])
                return BucketPolicyPart(bucket: bucket, policy: reply["Policy"].string)
            } catch let error as AWSError where error.code == "NoSuchBucketPolicy" {
                return BucketPolicyPart(bucket: bucket, policy: nil)
            } catch let error as AWSError where error.code == "NoSuchBucket" {
                return nil
            }
        }
    }

    func readRole(_ trail: Observed<TrailPart>) async -> Observed<RolePart> {
        guard let trail = trail.value else { return .skipped(skipReason(trail, "trail")) }
        guard let roleArn = trail.roleArn else {
            return .missing("trail \(trail.name) names no CloudWatch Logs delivery role")
        }
        let roleName = String(roleArn.split(separator: "/").last ?? Substring(roleArn))
        return await observe("role \(roleName)") {
            let role = try await client.call(.iam, "GetRole", ["RoleName": .string(roleName)])["Role"]
            let names = try await client.allPages(.iam, "ListRolePolicies", ["RoleName": .string(roleName)], items: "PolicyNames")
                .compactMap(\.string)
            var inline: [String: String] = [:]
            for name in names {
                let doc = try await client.call(.iam, "GetRolePolicy", ["RoleName": .string(roleName), "PolicyName": .string(name)])
                inline[name] = PolicyDocument.decodedText(doc["PolicyDocument"].string ?? "")
            }
            let attached = try await client.call(.iam, "ListAttachedRolePolicies", ["RoleName": .string(roleName)])
            return RolePart(name: roleName, arn: role["Arn"].string ?? roleArn,
                            trustPolicy: role["AssumeRolePolicyDocument"].string.map(PolicyDocument.decodedText),
                            inlinePolicies: inline, attachedPolicyCount: attached["AttachedPolicies"].list.count)
        }
    }

    func readLogActivity(_ group: String?) async -> Observed<LogActivityPart> {
        guard let group else { return .missing("no log group: the target names none and the trail delivers to none") }
        return await observe("log group \(group)") {
            let reply = try await client.call(.logs, "DescribeLogStreams", [
                "logGroupName": .string(group), "orderBy": "LastEventTime", "descending": true, "limit": 1,
            ])
            let stream = reply["logStreams"][0]
            let millis = [stream["lastIngestionTime"].double, stream["lastEventTimestamp"].double].compactMap { $0 }.max()
            return LogActivityPart(latestIngestion: millis.map { Date(timeIntervalSince1970: $0 / 1000) },
                                   latestStream: stream["logStreamName"].string)
        }
    }

    func readMetricFilter(_ name: String?, logGroup: String?) async -> Observed<MetricFilterPart> {
        guard let name else { return .missing("the target names no metric filter") }
        guard let logGroup else { return .skipped("no log group to look for metric filter \(name) in") }
        return await observe("metric filter \(name) on \(logGroup)") {
            try await describeMetricFilters(logGroup: logGroup, prefix: name).first { $0.name == name }
        }
    }

    func describeMetricFilters(logGroup: String, prefix: String?) async throws -> [MetricFilterPart] {
        var input: [String: AWSValue] = ["logGroupName": .string(logGroup)]
        if let prefix { input["filterNamePrefix"] = .string(prefix) }
        let filters = try await client.allPages(.logs, "DescribeMetricFilters", input, items: "metricFilters")
            .map(MetricFilterPart.init(reply:))
        // Filtered again here: moto applies filterNamePrefix across every group.
        return filters.filter { $0.logGroupName.isEmpty || $0.logGroupName == logGroup }
    }

    func readAlarmHistory(_ alarm: Observed<AlarmPart>, now: Date) async -> Observed<[AlarmHistoryItemPart]> {
        guard let alarm = alarm.value else { return .skipped(skipReason(alarm, "alarm")) }
        return await observe("history of alarm \(alarm.name)") {
            let reply = try await client.call(.cloudwatch, "DescribeAlarmHistory", [
                "AlarmName": .string(alarm.name), "StartDate": .timestamp(now.addingTimeInterval(-86_400)),
                "EndDate": .timestamp(now), "MaxRecords": 100,
            ])
            return reply["AlarmHistoryItems"].list.map {
                AlarmHistoryItemPart(date: $0["Timestamp"].anyDate, type: $0["HistoryItemType"].string ?? "",
                                     summary: $0["HistorySummary"].string ?? "")
            }
        }
    }

    func readTopic(_ arn: String?) async -> Observed<TopicPart> {
        // No topic named and none among the alarm's actions: alarm.actions reports that.
        guard let arn else { return .skipped("no topic: the target names none and the alarm notifies none") }
        return await observe("topic \(arn)") {
            let reply = try await client.call(.sns, "GetTopicAttributes", ["TopicArn": .string(arn)])
            return TopicPart(arn: arn, attributes: reply["Attributes"].map)
        }
    }

    func readSubscriptions(_ topic: String?) async -> Observed<[SubscriptionPart]> {
        guard let topic else { return .skipped("no topic") }
        return await observe("subscriptions of \(topic)") {
            let listed = try await client.allPages(.sns, "ListSubscriptionsByTopic", ["TopicArn": .string(topic)],
                                                   items: "Subscriptions")
            var parts: [SubscriptionPart] = []
            for s in listed {
                let arn = s["SubscriptionArn"].string ?? ""
                var pending = arn == "PendingConfirmation"
                if arn.hasPrefix("arn:") {
                    let attributes = try await client.call(.sns, "GetSubscriptionAttributes", ["SubscriptionArn": .string(arn)])
                    pending = attributes["Attributes"]["PendingConfirmation"].string == "true"
                }
                parts.append(SubscriptionPart(arn: arn, protocol: s["Protocol"].string ?? "",
                                              endpoint: s["Endpoint"].string ?? "", pendingConfirmation: pending))
            }
            return parts
        }
    }

    func readFailedNotifications(_ topic: String?, now: Date) async -> Observed<Double> {
        guard let topic, let name = ARN(topic)?.resource else { return .skipped("no topic") }
        return await observe("failed notifications of \(name)") {
            let reply = try await client.call(.cloudwatch, "GetMetricStatistics", [
                "Namespace": "AWS/SNS", "MetricName": "NumberOfNotificationsFailed",
                "Dimensions": [["Name": "TopicName", "Value": .string(name)]],
                "StartTime": .timestamp(now.addingTimeInterval(-86_400)), "EndTime": .timestamp(now),
                "Period": 86_400, "Statistics": ["Sum"],
            ])
            return reply["Datapoints"].list.compactMap { $0["Sum"].double }.reduce(0, +)
        }
    }

    // MARK: stage 3

    func testFilterOnServer(_ filter: Observed<MetricFilterPart>, secret: Observed<SecretPart>, target: PipelineTarget,
                            identity: CallerIdentity?, now: Date) async -> Observed<[String: Bool]> {
        guard let filter = filter.value else { return .skipped("no metric filter") }
        let samples = SecretReadEvent.samples(
            secretName: secret.value?.name ?? target.secret, secretArn: secret.value?.arn,
            account: identity?.account ?? "123456789012", region: client.region, time: now)
        return await observe("TestMetricFilter") {
            let reply = try await client.call(.logs, "TestMetricFilter", [
                "filterPattern": .string(filter.pattern), "logEventMessages": .list(samples.map { .string($0.event.json) }),
            ])
            let matched = Set(reply["matches"].list.compactMap { $0["eventNumber"].int })
            // eventNumber counts the messages from 1.
            return Dictionary(uniqueKeysWithValues: samples.enumerated().map { ($1.label, matched.contains($0 + 1)) })
        }
    }

    // MARK: helpers

    /// The topic checked: the target's (name or ARN), else the alarm's first SNS action.
    func resolveTopic(_ topic: String?, alarm: AlarmPart?, identity: CallerIdentity?) -> String? {
        if let topic {
            if topic.hasPrefix("arn:") { return topic }
            guard let identity else { return nil }
            return "arn:\(identity.partition):sns:\(client.region):\(identity.account):\(topic)"
        }
        return alarm?.alarmActions.first { ARN($0)?.service == "sns" }
    }

    /// `arn:aws:logs:region:account:log-group:NAME` or `...:NAME:*` -> NAME.
    static func logGroupName(fromArn arn: String) -> String? {
        guard let parts = ARN(arn), parts.resource.hasPrefix("log-group:") else { return nil }
        var name = String(parts.resource.dropFirst("log-group:".count))
        if name.hasSuffix(":*") { name.removeLast(2) }
        return name.isEmpty ? nil : name
    }
}

func skipReason<T>(_ upstream: Observed<T>, _ what: String) -> String {
    "skipped: the \(what) could not be read (\(upstream.reason ?? "unknown"))"
}

import Foundation

extension PipelineChecks {
    func trailExists() -> LinkCheck {
        let id = "trail.exists", title = "Trail exists"
        guard let trail = facts.trail.value else {
            return absent(id, title, facts.trail,
                          fix: "Create a trail that logs management events to CloudWatch Logs (a `trail` resource with `log_group` and `role`).") { _ in
                target.trailName.map { "no trail \($0) visible from \(facts.region)" } ?? "no trail records reads of this secret"
            }
        }
        return LinkCheck(id: id, title: title, status: .ok, evidence: trail.arn)
    }

    func trailLogging() -> LinkCheck {
        let id = "trail.logging", title = "Trail is logging"
        guard let status = facts.trailStatus.value else { return notObserved(id, title, facts.trailStatus) }
        let name = facts.trail.value?.name ?? "?"
        if status.isLogging {
            return LinkCheck(id: id, title: title, status: .ok, evidence: "trail \(name) is logging")
        }
        return LinkCheck(id: id, title: title, status: .fail, evidence: "trail \(name) is not logging",
                         fix: "Start it with `aws cloudtrail start-logging --name \(name)` (or set `logging: true` and apply).")
    }

    func trailEvents() -> LinkCheck {
        let id = "trail.events", title = "Trail records read and write management events"
        guard let selectors = facts.eventSelectors.value else { return notObserved(id, title, facts.eventSelectors) }
        let coverage = ManagementEventCoverage(selectors)
        let fix = "Record all management events: `management_events: all` in the stack, or an event selector with ReadWriteType All and IncludeManagementEvents true."
        switch (coverage.read, coverage.write) {
        case (true, true):
            return LinkCheck(id: id, title: title, status: .ok, evidence: coverage.summary)
        case (true, false):
            return LinkCheck(id: id, title: title, status: .warn,
                             evidence: "\(coverage.summary): reads of the secret are recorded, writes are not", fix: fix)
        default:
            return LinkCheck(id: id, title: title, status: .fail,
                             evidence: "\(coverage.summary): GetSecretValue (a read event) is not recorded", fix: fix)
        }
    }

    func trailRegion() -> LinkCheck {
        let id = "trail.region", title = "Trail covers the secret's region"
        guard let trail = facts.trail.value else { return notObserved(id, title, facts.trail) }
        if trail.isMultiRegion {
            return LinkCheck(id: id, title: title, status: .ok, evidence: "multi-region trail (home \(trail.region ?? "unknown"))")
        }
        guard let home = trail.region else {
            return LinkCheck(id: id, title: title, status: .unknown, evidence: "single-region trail whose home region is not reported")
        }
        if home == facts.region {
            return LinkCheck(id: id, title: title, status: .ok, evidence: "single-region trail in \(home)")
        }
        return LinkCheck(id: id, title: title, status: .fail,
                         evidence: "single-region trail in \(home); the secret is in \(facts.region)",
                         fix: "Make the trail multi-region (`multi_region: true`) or create one in \(facts.region).")
    }

    func trailLogGroup() -> LinkCheck {
        let id = "trail.log_group", title = "Trail delivers to the log group"
        guard let trail = facts.trail.value else { return notObserved(id, title, facts.trail) }
        guard let arn = trail.logGroupArn, let group = PipelineReader.logGroupName(fromArn: arn) else {
            return LinkCheck(id: id, title: title, status: .fail, evidence: "trail \(trail.name) sends no events to CloudWatch Logs",
                             fix: "Set the trail's CloudWatch Logs log group and delivery role (`log_group` and `role`).")
        }
        if let expected = target.logGroupName, expected != group {
            return LinkCheck(id: id, title: title, status: .fail,
                             evidence: "trail \(trail.name) delivers to \(group), not to \(expected)",
                             fix: "Point the trail at \(expected) (`log_group: ${...arn}`) and apply.")
        }
        if trail.roleArn == nil {
            return LinkCheck(id: id, title: title, status: .fail, evidence: "trail \(trail.name) names log group \(group) but no delivery role",
                             fix: "Set the trail's CloudWatch Logs role (`role`), a role CloudTrail may assume.")
        }
        return LinkCheck(id: id, title: title, status: .ok, evidence: "delivers to \(group)")
    }

    /// CloudTrail needs s3:GetBucketAcl on the bucket and s3:PutObject (with the owner in full
    /// control, over TLS) on its log files, as the trail itself (aws:SourceArn).
    func trailBucketPolicy() -> LinkCheck {
        let id = "trail.bucket_policy", title = "Bucket policy lets CloudTrail write the log files"
        let fix = "Allow cloudtrail.amazonaws.com s3:GetBucketAcl on the bucket and s3:PutObject on its AWSLogs/ objects (`cloudtrail_delivery: true` on the bucket)."
        guard let part = facts.bucketPolicy.value else {
            if case .missing(let reason) = facts.bucketPolicy {
                return LinkCheck(id: id, title: title, status: .fail, evidence: reason,
                                 fix: "Create the bucket (a `bucket` resource with `cloudtrail_delivery: true`) and name it on the trail.")
            }
            return notObserved(id, title, facts.bucketPolicy)
        }
        guard let text = part.policy, let policy = PolicyDocument(json: text) else {
            return LinkCheck(id: id, title: title, status: .fail,
                             evidence: "bucket \(part.bucket) has \(part.policy == nil ? "no" : "an unreadable") bucket policy", fix: fix)
        }
        let bucketArn = "arn:\(partition):s3:::\(part.bucket)"
        let prefix = facts.trail.value?.keyPrefix.map { $0 + "/" } ?? ""
        let object = "\(bucketArn)/\(prefix)AWSLogs/\(account ?? "*")/CloudTrail/\(facts.region)/log.json.gz"
        var context = trailContext
        context["aws:SecureTransport"] = "true"
        let requests = [
            PolicyRequest(service: "cloudtrail.amazonaws.com", action: "s3:GetBucketAcl", resource: bucketArn, context: context),
            PolicyRequest(service: "cloudtrail.amazonaws.com", action: "s3:PutObject", resource: object,
                          context: context.merging(["s3:x-amz-acl": "bucket-owner-full-control"]) { $1 }),
        ]
        for request in requests {
            switch PolicyEvaluator.evaluate([policy], request) {
            case .allowed: continue
            case .explicitlyDenied(let statement):
                return LinkCheck(id: id, title: title, status: .fail,
                                 evidence: "statement \(statement.label) of the policy of bucket \(part.bucket) denies CloudTrail \(request.action)", fix: fix)
            case .implicitlyDenied:
                return LinkCheck(id: id, title: title, status: .fail,
                                 evidence: "the policy of bucket \(part.bucket) does not let CloudTrail \(request.action) for this trail", fix: fix)
            case .undetermined(let why):
                return LinkCheck(id: id, title: title, status: .unknown, evidence: "policy of bucket \(part.bucket): \(why)")
            }
        }
        return LinkCheck(id: id, title: title, status: .ok,
                         evidence: "bucket \(part.bucket) lets CloudTrail check its ACL and write \(prefix)AWSLogs/")
    }

    func trailDelivery() -> LinkCheck {
        let id = "trail.delivery", title = "Recent delivery with no delivery error"
        guard let status = facts.trailStatus.value else { return notObserved(id, title, facts.trailStatus) }
        if let error = status.latestLogsDeliveryError {
            return LinkCheck(id: id, title: title, status: .fail, evidence: "CloudWatch Logs delivery error: \(error)",
                             fix: "Let the delivery role write to the log group (logs:CreateLogStream, logs:PutLogEvents) and let CloudTrail assume it.")
        }
        if let error = status.latestS3DeliveryError {
            return LinkCheck(id: id, title: title, status: .fail, evidence: "S3 delivery error: \(error)",
                             fix: "Fix the bucket policy so cloudtrail.amazonaws.com may write (`cloudtrail_delivery: true` on the bucket).")
        }
        guard status.reportsLogsDelivery, let last = status.latestLogsDelivery else {
            return LinkCheck(id: id, title: title, status: .unknown,
                             evidence: "GetTrailStatus returned no LatestCloudWatchLogsDeliveryTime: delivery cannot be confirmed here")
        }
        let age = facts.readAt.timeIntervalSince(last)
        let evidence = "last delivery to log group \(Age.describe(last, now: facts.readAt))"
        if age <= 3_600 { return LinkCheck(id: id, title: title, status: .ok, evidence: evidence) }
        return LinkCheck(id: id, title: title, status: .warn, evidence: evidence,
                         fix: "CloudTrail delivers within minutes while logging; check that the trail is logging and the role may write.")
    }
}

/// Which management events of Secrets Manager a trail's selectors record.
struct ManagementEventCoverage {
    var read = false
    var write = false
    var summary: String

    init(_ selectors: EventSelectorsPart) {
        let source = "secretsmanager.amazonaws.com"
        if selectors.basic.isEmpty && selectors.advanced.isEmpty {
            // A trail without selectors records all management events (CloudTrail's default).
            read = true; write = true
            summary = "no event selectors: the default records all management events"
            return
        }
        if !selectors.advanced.isEmpty {
            for fields in selectors.advanced {
                func field(_ name: String) -> EventSelectorsPart.Field? { fields.first { $0.field == name } }
                guard field("eventCategory")?.equals.contains("Management") == true else { continue }
                if let s = field("eventSource") {
                    if !s.equals.isEmpty && !s.equals.contains(source) { continue }
                    if s.notEquals.contains(source) { continue }
                }
                switch field("readOnly")?.equals {
                case ["true"]?: read = true
                case ["false"]?: write = true
                default: read = true; write = true
                }
            }
            summary = "advanced selectors record " + Self.words(read: read, write: write)
            return
        }
        for s in selectors.basic where s.includeManagementEvents && !s.excludedSources.contains(source) {
            switch s.readWriteType {
            case "ReadOnly": read = true
            case "WriteOnly": write = true
            default: read = true; write = true
            }
        }
        summary = "event selectors record " + Self.words(read: read, write: write)
    }

    static func words(read: Bool, write: Bool) -> String {
        switch (read, write) {
        case (true, true): return "read and write management events"
        case (true, false): return "read-only management events"
        case (false, true): return "write-only management events"
        default: return "no management events of Secrets Manager"
        }
    }
}

extension PipelineChecks {
    func filterExists() -> LinkCheck {
        let id = "filter.exists", title = "Metric filter exists on the log group"
        guard let filter = facts.metricFilter.value else {
            let group = facts.logGroupName ?? "the log group"
            return absent(id, title, facts.metricFilter,
                          fix: "Create a metric filter for GetSecretValue of this secret on the trail's log group (`secmon apply`).") { reason in
                target.metricFilterName.map { "no metric filter \($0) on \(group)" }
                    ?? (facts.logGroupName == nil ? reason : "no metric filter on \(group) matches a read of the secret")
            }
        }
        guard let t = filter.transformations.first else {
            return LinkCheck(id: id, title: title, status: .fail, evidence: "filter \(filter.name) emits no metric",
                             fix: "Give the filter a metric transformation (metric_namespace, metric_name, metric_value 1).")
        }
        return LinkCheck(id: id, title: title, status: .ok,
                         evidence: "filter \(filter.name) on \(filter.logGroupName) emits \(t.namespace)/\(t.name) = \(t.value)")
    }

    func filterMatches() -> LinkCheck {
        let id = "filter.matches", title = "Metric filter matches a read of the secret"
        guard let filter = facts.metricFilter.value else { return notObserved(id, title, facts.metricFilter) }
        let samples = SecretReadEvent.samples(
            secretName: facts.secret.value?.name ?? target.secret, secretArn: facts.secret.value?.arn,
            account: account ?? "123456789012", region: facts.region, time: facts.readAt)
        let labels = samples.map(\.label)

        // Our evaluator first; the endpoint's TestMetricFilter, where it answers, has the last word.
        var local: [String: Bool]?
        var remarks: [String] = []
        if let matcher {
            do {
                var results: [String: Bool] = [:]
                for sample in samples { results[sample.label] = try matcher.matches(pattern: filter.pattern, message: sample.event.json) }
                local = results
            } catch {
                return LinkCheck(id: id, title: title, status: .fail, evidence: "pattern of \(filter.name) is invalid: \(error)",
                                 fix: "Correct the filter pattern; `secmon test` shows where it fails to parse.")
            }
        } else {
            remarks.append("no offline evaluator")
        }
        let server = facts.serverFilterTest.value
        switch facts.serverFilterTest {
        case .value: remarks.append(local == nil || local == server ? "TestMetricFilter agrees" : "TestMetricFilter disagrees with secmon's evaluator; trusting AWS")
        case .unsupported: remarks.append("TestMetricFilter not supported by this endpoint")
        default: remarks.append("TestMetricFilter: \(facts.serverFilterTest.reason ?? "not run")")
        }
        guard let verdict = server ?? local else {
            return LinkCheck(id: id, title: title, status: .unknown,
                             evidence: "could not evaluate the pattern (\(remarks.joined(separator: "; ")))")
        }
        let matched = labels.filter { verdict[$0] == true }
        let missed = labels.filter { verdict[$0] != true }
        let note = " (" + remarks.joined(separator: "; ") + ")"
        if missed.isEmpty {
            return LinkCheck(id: id, title: title, status: .ok,
                             evidence: "matches a GetSecretValue \(matched.joined(separator: " and "))" + note)
        }
        if matched.isEmpty {
            return LinkCheck(id: id, title: title, status: .fail,
                             evidence: "matches no GetSecretValue of this secret" + note,
                             fix: "Match reads of exactly this secret: in a stack, `pattern: ${SECRET.read_pattern}` (every id form, its account and region).")
        }
        return LinkCheck(id: id, title: title, status: .warn,
                         evidence: "matches a GetSecretValue \(matched.joined(separator: ", ")) but not \(missed.joined(separator: ", "))" + note,
                         fix: "Reads can name the secret by name, partial ARN or full ARN; in a stack, `pattern: ${SECRET.read_pattern}` matches every form of exactly this secret.")
    }
}

/// Trails that would not feed the filters: not logging, one region, no read events, or no
/// trail at all delivering to a filter's log group.
enum TrailLints {
    static func run(_ stack: LintedStack) -> [LintFinding] {
        var findings: [LintFinding] = []
        let trails = stack.all("trail")
        for trail in trails {
            if trail.bool("logging") == false {
                findings.append(stack.finding(.trailNotLogging, on: trail, "trail '\(trail.id)' has logging: false, so it records nothing",
                                              fix: "remove logging: false"))
            }
            if trail.bool("multi_region") == false {
                findings.append(stack.finding(.trailSingleRegion, on: trail,
                    "trail '\(trail.id)' is single-region: calls in other regions (a secret replicated there, or a stolen key used there) go unseen",
                    fix: "remove multi_region: false"))
            }
        }
        for filter in stack.all("metric_filter") {
            guard let group = filter.referencedId("log_group"), stack.byId[group]?.kind == "log_group" else { continue }
            let feeding = trails.filter { $0.referencedId("log_group") == group }
            if feeding.isEmpty {
                findings.append(stack.finding(.filterLogGroupWithoutTrail, on: filter,
                    "metric filter '\(filter.id)' watches log group '\(group)', but no trail of this stack delivers to it",
                    fix: "set log_group: ${\(group).arn} (and role) on a trail"))
                continue
            }
            let reads = readEventNames(filter, stack)
            guard !reads.isEmpty else { continue }
            for trail in feeding {
                let selector = trail.string("management_events") ?? "all"
                if selector == "write_only" || selector == "none" {
                    findings.append(stack.finding(.trailMissesReadEvents, on: trail,
                        "trail '\(trail.id)' logs management_events: \(selector), but metric filter '\(filter.id)' looks for read events (\(reads.joined(separator: ", ")))",
                        fix: "set management_events: all (or read_only) on trail '\(trail.id)'"))
                }
            }
        }
        return findings
    }

    /// Event names a filter's pattern looks for that CloudTrail records as read-only events.
    /// Read operations are named Get/List/Describe/BatchGet/Lookup/Head... by AWS convention.
    static func readEventNames(_ filter: LintResource, _ stack: LintedStack) -> [String] {
        guard let pattern = stack.parsed(filter)?.pattern else { return [] }
        let prefixes = ["Get", "BatchGet", "List", "Describe", "Lookup", "Head", "Search", "Query", "Scan"]
        return pattern.equalityLiterals(of: "$.eventName").filter { name in prefixes.contains { name.hasPrefix($0) } }.sorted()
    }
}

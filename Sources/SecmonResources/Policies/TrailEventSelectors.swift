import AWSClient

/// The stack's `management_events` (all | read_only | write_only | none) and CloudTrail's
/// event selectors, both ways.
enum TrailEventSelectors {
    /// What a trail logs before any selectors are put: every management event.
    static let newTrailDefault = "all"

    static func selectors(for managementEvents: String) -> AWSValue {
        let readWrite: String
        switch managementEvents {
        case "read_only": readWrite = "ReadOnly"
        case "write_only": readWrite = "WriteOnly"
        default: readWrite = "All"
        }
        return [[
            "ReadWriteType": .string(readWrite),
            "IncludeManagementEvents": .bool(managementEvents != "none"),
            "DataResources": [],
        ]]
    }

    /// Reads a GetEventSelectors reply. No selectors at all is a trail's default, which logs
    /// every management event (what AWS does for a new trail, and what moto reports as empty
    /// lists): that reads as "all", never as "none".
    static func managementEvents(_ reply: AWSValue) -> String {
        let basic = reply["EventSelectors"].list
        let advanced = reply["AdvancedEventSelectors"].list
        if basic.isEmpty && advanced.isEmpty { return "all" }
        var reads = false, writes = false
        for selector in basic where selector["IncludeManagementEvents"].bool ?? true {
            switch selector["ReadWriteType"].string ?? "All" {
            case "ReadOnly": reads = true
            case "WriteOnly": writes = true
            default: reads = true; writes = true
            }
        }
        for selector in advanced {
            let fields = selector["FieldSelectors"].list
            let isManagement = fields.contains {
                $0["Field"].string == "eventCategory" && $0["Equals"].list.contains(.string("Management"))
            }
            guard isManagement else { continue }
            let readOnly = fields.first { $0["Field"].string == "readOnly" }?["Equals"].list ?? []
            switch readOnly {
            case [.string("true")]: reads = true
            case [.string("false")]: writes = true
            default: reads = true; writes = true
            }
        }
        switch (reads, writes) {
        case (true, true): return "all"
        case (true, false): return "read_only"
        case (false, true): return "write_only"
        case (false, false): return "none"
        }
    }
}

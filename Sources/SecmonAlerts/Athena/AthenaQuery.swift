import Foundation

/// Compiles a metric filter into one Trino SQL query (Athena's engine) over the CloudTrail table
/// that the Athena and CloudTrail user guides define (`secmon athena-table` prints it): one row
/// per alarm period with the statistics the filter would have published, which then go through
/// the same alarm simulation as a local backtest.
///
/// How each pattern feature maps (docs/backtest.md has the table):
/// - selectors on top-level properties read the table's columns (lower-cased names); nested
///   properties of the struct columns (`userIdentity`, `tlsDetails`, `resources[n]`) read struct
///   fields; properties inside the JSON text columns (`requestParameters`, `responseElements`,
///   `additionalEventData`, `serviceEventDetails`) go through `json_extract_scalar`;
/// - `=`/`!=` with text and `*` at either end become `=`/`LIKE`; numbers compare as DOUBLE when
///   the value reads as one, as the native evaluator does; `%regex%` becomes `regexp_like`;
/// - `IS TRUE`/`IS FALSE`, `IS NULL`, `NOT EXISTS`, `&&`, `||` and parentheses compile.
/// What cannot be expressed over this table is refused with "cannot be compiled: ..." naming
/// the construct: wildcard selectors, term and space-delimited patterns and whole-record
/// regular expressions (the table does not keep the record's text), and properties the table
/// has no column for.
public struct AthenaQuery: Sendable, Hashable {
    public var sql: String

    public struct CompileError: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
        init(_ construct: String) { message = "cannot be compiled: \(construct)" }
        public init(message: String) { self.message = message }
    }

    /// One query for `filter`, grouped into `period`-second periods (aligned to the epoch, as
    /// the alarm simulation aligns them), limited to `window`.
    public static func compile(filter: MetricFilter, period: Int, table: String, window: BacktestWindow) throws(CompileError) -> AthenaQuery {
        let condition = try AthenaCondition.compile(filter.pattern)
        let value: String
        switch filter.metricValue {
        case .constant(let number): value = AthenaCondition.literal(number)
        case .field(.json(let selector)): value = "TRY_CAST(\(try AthenaColumn.scalar(selector)) AS DOUBLE)"
        case .field(.delimitedField(let name)): throw CompileError("the metric value $\(name) (a space-delimited field)")
        }
        guard filter.dimensions.isEmpty else { throw CompileError("dimensions (the alarms watch the metric without dimensions)") }
        let otherwise = filter.defaultValue.map(AthenaCondition.literal) ?? "NULL"
        // The day partitions bound the scan; the exact window applies to each record's time.
        var partitions: [String] = []
        var bounds: [String] = []
        if let from = window.from {
            partitions.append("\"timestamp\" >= '\(partitionDay(from))'")
            bounds.append("seconds >= \(Int(from.timeIntervalSince1970))")
        }
        if let to = window.to {
            partitions.append("\"timestamp\" <= '\(partitionDay(to))'")
            bounds.append("seconds < \(Int(to.timeIntervalSince1970))")
        }
        // Records whose eventTime is missing or not a time get a NULL period: counted, never placed.
        let sql = """
            WITH records AS (
              SELECT
                TRY(to_unixtime(from_iso8601_timestamp(eventtime))) AS seconds,
                COALESCE(\(condition), FALSE) AS matched,
                \(value) AS matched_value
              FROM \(quoted(table))\(partitions.isEmpty ? "" : "\n  WHERE " + partitions.joined(separator: " AND "))
            ), samples AS (
              SELECT seconds, matched, CASE WHEN matched THEN matched_value ELSE \(otherwise) END AS sample
              FROM records\(bounds.isEmpty ? "" : "\n  WHERE seconds IS NULL OR (" + bounds.joined(separator: " AND ") + ")")
            )
            SELECT
              CAST(floor(seconds / \(period)) * \(period) AS BIGINT) AS period_start,
              count(*) AS records,
              count_if(matched) AS matches,
              count(sample) AS sample_count,
              sum(sample) AS sample_sum,
              min(sample) AS sample_min,
              max(sample) AS sample_max
            FROM samples
            GROUP BY 1
            ORDER BY 1
            """
        return AthenaQuery(sql: sql)
    }

    /// `db.table` -> `"db"."table"`.
    static func quoted(_ table: String) -> String {
        table.split(separator: ".", omittingEmptySubsequences: false).map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            .joined(separator: ".")
    }

    /// The `timestamp` partition's value (`yyyy/MM/dd`) of the day holding `date`.
    static func partitionDay(_ date: Date) -> String {
        String(BacktestReport.timestamp(date).prefix(10)).replacingOccurrences(of: "-", with: "/")
    }

    /// One result row: a period's statistics (nil period: records without a usable time).
    public struct Row: Sendable, Hashable {
        public var periodStart: Int?
        public var records: Int
        public var matches: Int
        public var statistics: StatisticSet

        /// From the result's text cells, in the query's column order.
        public init?(cells: [String?]) {
            guard cells.count == 7, let records = cells[1].flatMap({ Int($0) }), let matches = cells[2].flatMap({ Int($0) }),
                  let count = cells[3].flatMap({ Int($0) }) else { return nil }
            periodStart = cells[0].flatMap { Int($0) }
            self.records = records
            self.matches = matches
            var set = StatisticSet()
            if count > 0 {
                guard let sum = cells[4].flatMap(Double.init), let min = cells[5].flatMap(Double.init),
                      let max = cells[6].flatMap(Double.init) else { return nil }
                set.sampleCount = count
                set.sum = sum
                set.minimum = min
                set.maximum = max
            }
            statistics = set
        }
    }
}

/// Where a selector's value lives in the CloudTrail table.
enum AthenaColumn {
    /// Top-level CloudTrail properties and their columns: plain text, a struct (with its field
    /// names), an array of structs, or JSON text.
    enum Kind { case text, json, structure([String: Kind]), structArray([String: Kind]) }

    static let columns: [String: Kind] = {
        let text: [String] = ["eventVersion", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress",
                              "userAgent", "errorCode", "errorMessage", "requestID", "eventID", "readOnly", "eventType",
                              "apiVersion", "recipientAccountId", "sharedEventID", "vpcEndpointId", "eventCategory",
                              "managementEvent", "sessionCredentialFromConsole"]
        var columns: [String: Kind] = [:]
        for name in text { columns[name] = .text }
        for name in ["requestParameters", "responseElements", "additionalEventData", "serviceEventDetails"] { columns[name] = .json }
        let issuer: [String: Kind] = ["type": .text, "principalId": .text, "arn": .text, "accountId": .text, "userName": .text]
        columns["userIdentity"] = .structure([
            "type": .text, "principalId": .text, "arn": .text, "accountId": .text, "invokedBy": .text, "accessKeyId": .text,
            "userName": .text,
            "onBehalfOf": .structure(["userId": .text, "identityStoreArn": .text]),
            "sessionContext": .structure([
                "attributes": .structure(["mfaAuthenticated": .text, "creationDate": .text]),
                "sessionIssuer": .structure(issuer),
                "ec2RoleDelivery": .text,
            ]),
        ])
        columns["resources"] = .structArray(["arn": .text, "accountId": .text, "type": .text])
        columns["tlsDetails"] = .structure(["tlsVersion": .text, "cipherSuite": .text, "clientProvidedHostHeader": .text])
        return columns
    }()

    /// Where a selector leads: a column or struct field (`sql`, of `kind`), or a JSON path inside
    /// one of the JSON text columns.
    enum Location {
        case column(String, Kind)
        case json(column: String, path: String)
    }

    /// SQL for the selector's value as text (NULL when missing, null, or not a scalar).
    static func scalar(_ selector: JSONSelector) throws(AthenaQuery.CompileError) -> String {
        switch try locate(selector) {
        case .json(let column, let path): return "json_extract_scalar(\(column), '\(path)')"
        case .column(let sql, .text): return sql
        case .column(let sql, .json): return "json_extract_scalar(\(sql), '$')"
        // An object or array is never a scalar: comparisons on it are false.
        case .column(_, .structure), .column(_, .structArray): return "CAST(NULL AS VARCHAR)"
        }
    }

    /// SQL that is NULL exactly when the selector selects nothing. The table reads a property
    /// CloudTrail wrote as null as missing, outside the JSON text columns.
    static func presence(_ selector: JSONSelector) throws(AthenaQuery.CompileError) -> String {
        switch try locate(selector) {
        case .json(let column, let path): return "json_extract(\(column), '\(path)')"
        case .column(let sql, _): return sql
        }
    }

    /// The JSON text of the selected value, for tests of null and booleans that must not take
    /// the string "true" for the boolean; only inside the JSON text columns.
    static func jsonText(_ selector: JSONSelector, for construct: String) throws(AthenaQuery.CompileError) -> String {
        guard case .json(let column, let path) = try locate(selector) else {
            throw AthenaQuery.CompileError("\(selector) \(construct) (the table reads this property as text or missing, not as JSON)")
        }
        return "json_format(json_extract(\(column), '\(path)'))"
    }

    /// A selector with one `[*]` inside a JSON text column (`$.requestParameters.secretIdList[*]`):
    /// the array as JSON, and the path of the compared value inside each element.
    static func elements(_ selector: JSONSelector) throws(AthenaQuery.CompileError) -> (array: String, path: String)? {
        guard selector.wildcardCount == 1, let star = selector.steps.firstIndex(of: .anyElement), star > 1,
              case .member(let first) = selector.steps[0], case .json? = columns[first] else { return nil }
        let head = JSONSelector(steps: Array(selector.steps[..<star]), text: selector.text)
        let tail = JSONSelector(steps: [.member("_")] + selector.steps[(star + 1)...], text: selector.text)
        guard case .json(let column, let path) = try locate(head) else { return nil }
        return ("json_extract(\(column), '\(path)')", jsonPath(tail.steps.dropFirst()))
    }

    static func jsonPath(_ steps: ArraySlice<JSONSelector.Step>) -> String {
        var path = "$"
        for step in steps {
            switch step {
            case .member(let name) where name.first?.isLetter == true && name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }):
                path += "." + name
            case .member(let name): path += "[\"\(name)\"]"
            case .index(let index): path += "[\(index)]"
            case .anyMember, .anyElement: break
            }
        }
        return path
    }

    static func locate(_ selector: JSONSelector) throws(AthenaQuery.CompileError) -> Location {
        if selector.wildcardCount > 0 {
            throw AthenaQuery.CompileError("the wildcard selector \(selector) (Athena's JSON functions return one value)")
        }
        let missing = AthenaQuery.CompileError("\(selector) (the CloudTrail table has no column for it)")
        guard case .member(let first) = selector.steps.first, let kind = columns[first] else { throw missing }
        var sql = first.lowercased()
        var current = kind
        var rest = selector.steps.dropFirst()
        while let step = rest.first {
            switch (current, step) {
            case (.structure(let fields), .member(let name)):
                guard let next = fields[name] else { throw missing }
                sql += "." + name.lowercased()
                current = next
            case (.structArray(let fields), .index(let index)):
                sql = "element_at(\(sql), \(index + 1))"
                current = .structure(fields)
            case (.json, _):
                for case .member(let name) in rest where name.contains("\"") || name.contains("'") || name.contains("\\") {
                    throw AthenaQuery.CompileError("\(selector) (a property name with a quote or backslash)")
                }
                return .json(column: sql, path: jsonPath(rest))
            default:
                throw missing
            }
            rest = rest.dropFirst()
        }
        return .column(sql, current)
    }
}

/// A filter pattern as a SQL boolean expression.
enum AthenaCondition {
    static func compile(_ pattern: FilterPattern) throws(AthenaQuery.CompileError) -> String {
        switch pattern.body {
        case .matchAll: return "TRUE"
        case .json(let condition): return try compile(condition)
        case .terms: throw AthenaQuery.CompileError("the term pattern '\(pattern.source)' (it matches the record's raw text, which the CloudTrail table does not keep)")
        case .spaceDelimited: throw AthenaQuery.CompileError("the space-delimited pattern '\(pattern.source)' (CloudTrail records are JSON)")
        case .regex: throw AthenaQuery.CompileError("the regular expression '\(pattern.source)' over the whole record (the CloudTrail table does not keep its raw text)")
        }
    }

    static func compile(_ condition: JSONCondition) throws(AthenaQuery.CompileError) -> String {
        switch condition {
        case .and(let a, let b): return "(\(try compile(a)) AND \(try compile(b)))"
        case .or(let a, let b): return "(\(try compile(a)) OR \(try compile(b)))"
        case .notExists(let selector): return "(\(try AthenaColumn.presence(selector)) IS NULL)"
        case .isNull(let selector):
            return "(\(try AthenaColumn.jsonText(selector, for: "IS NULL")) = 'null')"
        case .isBoolean(let selector, let value):
            // readOnly and managementEvent are booleans CloudTrail writes, read as text by the table.
            if case .column(let sql, .text) = try AthenaColumn.locate(selector) { return "(\(sql) = '\(value)')" }
            return "(\(try AthenaColumn.jsonText(selector, for: value ? "IS TRUE" : "IS FALSE")) = '\(value)')"
        case .compare(let selector, let comparison):
            // Any element of a JSON array, as the native evaluator reads `[*]`.
            if let (array, path) = try AthenaColumn.elements(selector) {
                let test = try compare("json_extract_scalar(element, '\(path)')", comparison)
                return "(cardinality(filter(TRY_CAST(\(array) AS ARRAY(JSON)), element -> \(test))) > 0)"
            }
            return try compare(try AthenaColumn.scalar(selector), comparison)
        }
    }

    static func compare(_ column: String, _ comparison: ValueComparison) throws(AthenaQuery.CompileError) -> String {
        let negate = comparison.op == .notEqual
        switch comparison.value {
        case .text(let glob):
            let test: String
            switch (glob.anyPrefix, glob.anySuffix) {
            case (false, false): test = "\(column) = \(string(glob.literal))"
            case _ where glob.literal.isEmpty: test = "TRUE"
            default:
                test = "\(column) LIKE \(string((glob.anyPrefix ? "%" : "") + likeEscaped(glob.literal) + (glob.anySuffix ? "%" : ""))) ESCAPE '\\'"
            }
            return "(\(column) IS NOT NULL AND \(negate ? "NOT " : "")(\(test)))"
        case .regex(let regex):
            return "(\(column) IS NOT NULL AND \(negate ? "NOT " : "")regexp_like(\(column), \(string(try AthenaRegex.translate(regex)))))"
        case .number(let number, _):
            let numeric = "TRY_CAST(\(column) AS DOUBLE)"
            switch comparison.op {
            case .notEqual: return "(\(column) IS NOT NULL AND (\(numeric) IS NULL OR \(numeric) <> \(literal(number))))"
            case .equal: return "(\(numeric) = \(literal(number)))"
            default: return "(\(numeric) \(comparison.op.rawValue) \(literal(number)))"
            }
        }
    }

    static func string(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    static func likeEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }

    static func literal(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return "DOUBLE '\(Int(number))'" }
        return "DOUBLE '\(number)'"
    }
}

/// The filter-pattern regex subset, written for Trino's `regexp_like` (and RE2, which DuckDB
/// uses in the equivalence test): each byte set as a class of letters, digits and `\xhh` escapes.
enum AthenaRegex {
    static func translate(_ regex: FilterRegex) throws(AthenaQuery.CompileError) -> String {
        regex.alternatives.map { terms in
            terms.map { term in
                let atom: String
                switch term.atom {
                case .startAnchor: return "^"
                case .endAnchor: return "$"
                case .byteSet(let set): atom = byteClass(set)
                }
                switch (term.minimum, term.maximum) {
                case (1, 1): return atom
                case (0, 1): return atom + "?"
                case (0, Int.max): return atom + "*"
                case (1, Int.max): return atom + "+"
                case (let m, Int.max): return atom + "{\(m),}"
                case (let m, let n) where m == n: return atom + "{\(m)}"
                case (let m, let n): return atom + "{\(m),\(n)}"
                }
            }.joined()
        }.joined(separator: "|")
    }

    static func byteClass(_ set: ByteSet) -> String {
        let members = (0..<128).filter { set.contains(UInt8($0)) }
        let hasHigh = (128..<256).contains { set.contains(UInt8($0)) }
        // Letters, digits and `_` as themselves, so a reviewer reads the secret's name; every other
        // byte as `\xhh`, which means the same in Java's regex syntax (Trino) and RE2 (DuckDB).
        func hex(_ b: Int) -> String {
            let ascii = Character(Unicode.Scalar(UInt8(b)))
            return ascii.isASCII && (ascii.isLetter || ascii.isNumber || ascii == "_") ? String(ascii) : "\\x" + String(format: "%02x", b)
        }
        if hasHigh {
            // Sets such as \W, \S or `.` also hold every non-ASCII byte: name what they leave out.
            let missing = (0..<128).filter { !set.contains(UInt8($0)) }
            return missing.isEmpty ? "[\\x00-\\x{10FFFF}]" : "[^" + missing.map(hex).joined() + "]"
        }
        if members.count == 1 { return hex(members[0]) }
        // Runs of consecutive bytes as ranges: [\x30-\x39\x41-\x5a].
        var parts: [String] = []
        var i = 0
        while i < members.count {
            var j = i
            while j + 1 < members.count, members[j + 1] == members[j] + 1 { j += 1 }
            parts.append(j - i >= 2 ? hex(members[i]) + "-" + hex(members[j]) : members[i...j].map(hex).joined())
            i = j + 1
        }
        return "[" + parts.joined() + "]"
    }
}

import SecmonAlerts
import Testing

// FilterAndPatternSyntax, "Using filter patterns to match terms in space-delimited log events"
// (current page) and the older "Using Metric Filters to Extract Values from Space-Delimited Log
// Events" and "OR Pattern Matching" sections.
private let spaced = "FilterAndPatternSyntax: space-delimited log events"
private let legacy = "FilterAndPatternSyntax (older revision): space-delimited log events"
private let orSection = "FilterAndPatternSyntax (older revision): OR Pattern Matching"
private let ours = "our case"

let documentedAccessLine = #"127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534"#
let apacheLines = [
    #"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534"#,
    #"127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324"#,
    #"127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /apache_pb.gif HTTP/1.0" 200 4355"#,
]
let serviceLines = [
    "INFO 09/25/2014 12:00:00 GET /service/resource/67 1200",
    "INFO 09/25/2014 12:00:01 POST /service/resource/67/part/111 1310",
    "WARNING 09/25/2014 12:00:02 Invalid user request",
    "ERROR 09/25/2014 12:00:02 Failed to process request",
]

let spaceDelimitedCases: [PatternCase] = [
    // Current page: the seven-field event.
    PatternCase(#"[ip=%127\.0\.0\.[1-9]%, user, username, timestamp, request =*.html*, status_code = 4*, bytes]"#, documentedAccessLine, true, spaced),
    PatternCase(#"[ip=%127\.0\.0\.[1-9]%, user, username, timestamp, request =*.html*, status_code = 4*, bytes]"#, documentedAccessLine.replacingOccurrences(of: "127.0.0.1", with: "127.0.0.0"), false, ours),
    PatternCase(#"[..., request =*.html*, status_code = 4*, bytes]"#, documentedAccessLine, true, spaced),
    PatternCase(#"[..., request =*.html*, status_code = 4*, bytes]"#, documentedAccessLine.replacingOccurrences(of: " 404 ", with: " 200 "), false, ours),
    PatternCase(#"[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, bytes]"#, documentedAccessLine, true, spaced),
    PatternCase(#"[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, bytes]"#, documentedAccessLine.replacingOccurrences(of: " 404 ", with: " 410 "), true, spaced),
    PatternCase(#"[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, bytes]"#, documentedAccessLine.replacingOccurrences(of: " 404 ", with: " 403 "), false, ours),
    // Older page: the Apache lines.
    PatternCase("[ip, user, username, timestamp, request, status_code, bytes]", apacheLines[0], true, legacy),
    PatternCase("[..., status_code, bytes]", apacheLines[0], true, legacy),
    PatternCase("[ip, user, ..., status_code, bytes]", apacheLines[1], true, legacy),
    PatternCase("[ip, user, ...]", apacheLines[2], true, legacy),
    PatternCase("[ip, user, username, timestamp, request, status_code, bytes > 1000]", apacheLines[0], true, legacy),
    PatternCase("[ip, user, username, timestamp, request, status_code, bytes > 5000]", apacheLines[0], false, legacy),
    PatternCase("[ip, user, username, timestamp, request, status_code, bytes > 5000]", apacheLines[1], true, legacy),
    PatternCase("[ip, user, username, timestamp, request, status_code = 200, bytes]", apacheLines[0], true, legacy),
    PatternCase("[ip, user, username, timestamp, request, status_code = 200, bytes]", apacheLines[1], false, legacy),
    PatternCase("[ip, user, username, timestamp, request, status_code = 200, bytes]", apacheLines[2], true, legacy),
    PatternCase("[ip, user, username, timestamp, request, status_code = 4*, bytes]", apacheLines[0], false, legacy),
    PatternCase("[ip, user, username, timestamp, request, status_code = 5*, bytes]", apacheLines[1], true, ours),
    PatternCase("[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]", documentedAccessLine, true, legacy),
    PatternCase("[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]", apacheLines[0], false, legacy),
    PatternCase("[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]", documentedAccessLine, true, legacy),
    PatternCase("[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]", documentedAccessLine.replacingOccurrences(of: " 404 ", with: " 403 "), false, legacy),
    PatternCase("[ip, user, username, timestamp, request, status_code = 403 || status_code = 404, bytes]", documentedAccessLine, true, legacy),
    // `status_code = 4* && bytes > 1000` in the older page has six entries for seven fields;
    // without `...` the field counts must agree (our assumption), so it matches nothing here.
    PatternCase("[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000]", documentedAccessLine, false, legacy),
    PatternCase("[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000, bytes]", documentedAccessLine, true, ours),
    PatternCase("[ip, user, username, timestamp, request, status_code = 4* && bytes > 2000, bytes]", documentedAccessLine, false, ours),
    // The extraction example, with its trailing comma.
    PatternCase("[..., request=*.html*, status_code=4*,]", documentedAccessLine, true, legacy),
    // Current page: the four service lines, `w1`, `w2` indicators.
    PatternCase("[w1=ERROR, w2]", "ERROR message", true, orSection),
    PatternCase("[w1=ERROR, w2]", "ERROR WARN message", false, orSection),
    PatternCase("[w1=ERROR, w2]", "WARN message", false, orSection),
    PatternCase("[w1=ERROR || w1=WARN, w2]", "ERROR message", true, orSection),
    PatternCase("[w1=ERROR || w1=WARN, w2]", "WARN message", true, orSection),
    PatternCase("[w1=ERROR || w1=WARN, w2]", "ERROR WARN message", false, orSection),
    PatternCase("[w1!=ERROR && w1!=WARN, w2]", "ERROR message", false, orSection),
    PatternCase("[w1!=ERROR && w1!=WARN, w2]", "INFO message", true, ours),
    PatternCase("[w1=ERROR, ...]", serviceLines[3], true, spaced),
    PatternCase("[w1=ERROR, ...]", serviceLines[2], false, spaced),
    PatternCase("[w1=ERROR || w1=WARNING, ...]", serviceLines[2], true, spaced),
    PatternCase("[w1=ERROR || w1=WARNING, ...]", serviceLines[0], false, spaced),
    PatternCase("[w1!=ERROR && w1!=WARNING, ...]", serviceLines[0], true, spaced),
    PatternCase("[w1!=ERROR && w1!=WARNING, ...]", serviceLines[3], false, spaced),
    PatternCase("[logLevel, date, time, method, url=%/service/resource/[0-9]+$%, response_time]", serviceLines[0], true, spaced),
    PatternCase("[logLevel, date, time, method, url=%/service/resource/[0-9]+$%, response_time]", serviceLines[1], false, spaced),
    PatternCase("[logLevel, date, time, method, url=%/service/resource/[0-9]+/part/[0-9]+$%, response_time]", serviceLines[1], true, spaced),
    PatternCase("[logLevel, date, time, method, url=%/service/resource/[0-9]+/part/[0-9]+$%, response_time]", serviceLines[0], false, spaced),
    // Ellipses, numbers and quoting (ours).
    PatternCase("[..., last = 1200]", serviceLines[0], true, ours),
    PatternCase("[..., last = 1200]", serviceLines[1], false, ours),
    PatternCase("[first, ..., last]", "one", false, ours),
    PatternCase("[first, ..., last]", "one two", true, ours),
    PatternCase("[first, ..., middle = c, ..., last]", "a b c d e", true, ours),
    PatternCase("[first, ..., middle = z, ..., last]", "a b c d e", false, ours),
    PatternCase("[...]", "", true, ours),
    PatternCase("[a]", "", false, ours),
    PatternCase("[a, b]", "x    y", true, ours),
    PatternCase("[a, b]", "x\ty", true, ours),
    PatternCase(#"[a, b = "two words"]"#, #"x "two words""#, true, ours),
    PatternCase(#"[a, b = "two words"]"#, "x [two words]", true, ours),
    PatternCase("[a, b >= 1e3]", "x 1000", true, ours),
    PatternCase("[a, b >= 1e3]", "x 999.99", false, ours),
    PatternCase("[a, b < 0]", "x -0.5", true, ours),
    PatternCase("[a, b > 10]", "x ten", false, ours),
    PatternCase("[a, b != 10]", "x ten", true, ours),
    PatternCase("[a = *, b]", "x y", true, ours),
    PatternCase("[a = Get*, b]", "GetSecretValue y", true, ours),
    PatternCase("[a = *Value, b]", "GetSecretValue y", true, ours),
    PatternCase("[a = get*, b]", "GetSecretValue y", false, ours),
    PatternCase("[a = %^Get%, b != %^prod%]", "GetSecretValue staging", true, ours),
    PatternCase("[a = %^Get%, b != %^prod%]", "GetSecretValue production", false, ours),
    PatternCase("[a, b = 4* || b = 5*, c]", "x 503 y", true, ours),
    PatternCase("[a, b = 4* || b = 5*, c]", "x 302 y", false, ours),
    PatternCase("[a, b = 1 || b = 2 && a = z, c]", "q 1 r", true, ours),
    PatternCase("[a, b = 2 && a = z || b = 1, c]", "q 2 r", false, ours),
    PatternCase("[a, b = 2 && a = z || b = 1, c]", "z 2 r", true, ours),
    PatternCase("[a, b, c = unknown_field]", "1 2 3", false, ours),
    PatternCase("[a, b, c = 3 && nothere = 1]", "1 2 3", false, ours),
    PatternCase("[a, b, c]", #"1 "unterminated quote"#, false, ours),
    PatternCase("[a, b]", #"1 "unterminated quote"#, true, ours),
]

@Test("space-delimited patterns", arguments: spaceDelimitedCases)
func spaceDelimitedPattern(_ row: PatternCase) throws { try row.check() }

/// The older page's extraction example: fields by name, the others by position.
@Test func extractedValuesNameFieldsAndNumberTheRest() throws {
    let pattern = try FilterPattern("[..., request=*.html*, status_code=4*,]")
    let match = try #require(pattern.match(LogEvent(message: documentedAccessLine)))
    #expect(match.extractedValues == [
        "$1": "127.0.0.1", "$2": "Prod", "$3": "frank", "$4": "10/Oct/2000:13:25:15 -0700",
        "$request": "GET /index.html HTTP/1.0", "$status_code": "404", "$7": "1534",
    ])
    #expect(pattern.spaceDelimitedFieldNames == ["request", "status_code"])
}

/// Several ellipses on a long line stay fast: failed alignments are remembered.
@Test func manyEllipsesOnALongLineAreFast() throws {
    let line = (1...2000).map(String.init).joined(separator: " ")
    let pattern = try FilterPattern("[..., a = x, ..., b = y, ..., c = z, ..., last]")
    #expect(!pattern.matches(line))
    let found = try FilterPattern("[..., a = 10, ..., b = 1500, ..., last = 2000]")
    #expect(found.matches(line))
}

/// With conditions across fields the search is bounded instead of exhaustive.
@Test func crossFieldConditionsOnALongLineAreBounded() throws {
    let line = (1...3000).map(String.init).joined(separator: " ")
    let pattern = try FilterPattern("[..., a = 1 && b = 0, ..., b, ..., c]")
    #expect(!pattern.matches(line))
}

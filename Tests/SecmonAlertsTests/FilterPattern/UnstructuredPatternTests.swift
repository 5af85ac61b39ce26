import SecmonAlerts
import Testing

// FilterAndPatternSyntax, "Using filter patterns to match terms in unstructured log events"
// (current page), and the older "Matching Terms in Log Events" / "OR Pattern Matching" sections.
private let unstructured = "FilterAndPatternSyntax: unstructured log events"
private let legacy = "FilterAndPatternSyntax (older revision): Matching Terms in Log Events"
private let orSection = "FilterAndPatternSyntax (older revision): OR Pattern Matching"
private let ours = "our case"

private let requests = [
    "[ERROR 400] BAD REQUEST",
    "[ERROR 401] UNAUTHORIZED REQUEST",
    "[ERROR 419] MISSING ARGUMENTS",
    "[ERROR 420] INVALID ARGUMENTS",
]

let unstructuredCases: [PatternCase] = [
    // Example: Match a single term
    PatternCase("ERROR", requests[0], true, unstructured),
    PatternCase("ERROR", requests[1], true, unstructured),
    PatternCase("ERROR", requests[2], true, unstructured),
    PatternCase("ERROR", requests[3], true, unstructured),
    // Example: Match multiple terms
    PatternCase("ERROR ARGUMENTS", requests[2], true, unstructured),
    PatternCase("ERROR ARGUMENTS", requests[3], true, unstructured),
    PatternCase("ERROR ARGUMENTS", requests[0], false, unstructured),
    PatternCase("ERROR ARGUMENTS", requests[1], false, unstructured),
    // Example: Match optional terms
    PatternCase("?ERROR ?ARGUMENTS", requests[0], true, unstructured),
    PatternCase("?ERROR ?ARGUMENTS", requests[1], true, unstructured),
    PatternCase("?ERROR ?ARGUMENTS", requests[2], true, unstructured),
    PatternCase("?ERROR ?ARGUMENTS", requests[3], true, unstructured),
    PatternCase("?ERROR ?ARGUMENTS", "[INFO] all good", false, ours),
    // "If you combine ? with other filter patterns, all question mark terms will be ignored."
    PatternCase("?ERROR ?ARGUMENTS REQUEST", "[INFO] REQUEST FAILED", true, unstructured),
    PatternCase("?ERROR ?ARGUMENTS REQUEST", "[WARN] UNAUTHORIZED REQUEST", true, unstructured),
    PatternCase("?ERROR ?ARGUMENTS REQUEST", "[ERROR] 400 BAD REQUEST", true, unstructured),
    PatternCase("?ERROR ?ARGUMENTS REQUEST", "[ERROR] MISSING ARGUMENTS", false, ours),
    PatternCase("?ERROR -DEBUG", "[INFO] fine", true, ours),
    PatternCase("?ERROR -DEBUG", "[DEBUG] ERROR", false, ours),
    // Example: Match exact phrases
    PatternCase("\"INTERNAL SERVER ERROR\"", "[ERROR 500] INTERNAL SERVER ERROR", true, unstructured),
    PatternCase("\"INTERNAL SERVER ERROR\"", "[ERROR 500] INTERNAL ERROR SERVER", false, ours),
    PatternCase("\"INTERNAL SERVER ERROR\"", "[ERROR 500] internal server error", false, ours),
    // Example: Include and exclude terms
    PatternCase("ERROR -ARGUMENTS", requests[0], true, unstructured),
    PatternCase("ERROR -ARGUMENTS", requests[1], true, unstructured),
    PatternCase("ERROR -ARGUMENTS", requests[2], false, unstructured),
    PatternCase("ERROR -ARGUMENTS", requests[3], false, unstructured),
    // Example: Match everything
    PatternCase("\" \"", "anything at all", true, unstructured),
    PatternCase("\" \"", "", true, unstructured),
    PatternCase("\"\"", "[ERROR] x", true, legacy),
    PatternCase("", "[ERROR] x", true, legacy),
    PatternCase("   ", "whatever", true, ours),
    // Older revision, Example 2: single term (substring: ERROR matches ERRORCODE)
    PatternCase("\"ERROR\"", "[ERROR] A fatal exception has occurred", true, legacy),
    PatternCase("\"ERROR\"", "Exiting with ERRORCODE: -1", true, legacy),
    // Example 3: include a term and exclude a term
    PatternCase("\"ERROR\" -\"Exiting\"", "Exiting with ERRORCODE: -1", false, legacy),
    PatternCase("\"ERROR\" -\"Exiting\"", "[ERROR] A fatal exception has occurred", true, legacy),
    // Example 4: multiple terms
    PatternCase("\"ERROR\" \"Exception\"", "[ERROR] Caught IllegalArgumentException", true, legacy),
    PatternCase("ERROR Exception", "[ERROR] Unhandled Exception", true, legacy),
    PatternCase("Failed to process the request", "[WARN] Failed to process the request", true, legacy),
    PatternCase("Failed to process the request", "[ERROR] Unable to continue: Failed to process the request", true, legacy),
    PatternCase("Failed to process the request", "[ERROR] Failed to process", false, ours),
    // OR pattern matching with three events
    PatternCase("ERROR", "ERROR WARN message", true, orSection),
    PatternCase("ERROR", "ERROR message", true, orSection),
    PatternCase("ERROR", "WARN message", false, orSection),
    PatternCase("?ERROR ?WARN", "ERROR WARN message", true, orSection),
    PatternCase("?ERROR ?WARN", "ERROR message", true, orSection),
    PatternCase("?ERROR ?WARN", "WARN message", true, orSection),
    PatternCase("ERROR WARN", "ERROR WARN message", true, orSection),
    PatternCase("ERROR WARN", "ERROR message", false, orSection),
    PatternCase("ERROR WARN", "WARN message", false, orSection),
    PatternCase("ERROR -WARN", "ERROR WARN message", false, orSection),
    PatternCase("ERROR -WARN", "ERROR message", true, orSection),
    PatternCase("ERROR -WARN", "WARN message", false, orSection),
    // Case sensitivity ("Filter patterns are case sensitive").
    PatternCase("ERROR", "error: lower case", false, unstructured),
    PatternCase("Error", "ERROR upper", false, unstructured),
    // An exclusion alone matches what lacks the term (Lightsail GetContainerLog filterPattern doc).
    PatternCase("-ERROR", "all good", true, "Lightsail GetContainerLog filterPattern"),
    PatternCase("-ERROR", "ERROR bad", false, "Lightsail GetContainerLog filterPattern"),
    // Terms on JSON events are plain text searches.
    PatternCase("GetSecretValue", #"{"eventName":"GetSecretValue"}"#, true, ours),
    PatternCase("\"a \\\"quoted\\\" word\"", #"say a "quoted" word"#, true, ours),
    PatternCase("user_name", "login user_name=bob", true, ours),
    PatternCase("404", "GET /x 404 12", true, ours),
]

@Test("unstructured patterns", arguments: unstructuredCases)
func unstructuredPattern(_ row: PatternCase) throws { try row.check() }

@Test func emptyPatternIsMatchAll() throws {
    #expect(try FilterPattern("").kind == .matchAll)
    #expect(try FilterPattern("\" \"").kind == .matchAll)
    #expect(try FilterPattern("ERROR").kind == .terms)
}

import SecmonAlerts
import Testing

/// A pattern AWS would reject, where the error is, and a word the message must contain.
struct SyntaxErrorCase: CustomTestStringConvertible, Sendable {
    var pattern: String
    var offset: Int
    var mentions: String
    init(_ pattern: String, at offset: Int, _ mentions: String) {
        self.pattern = pattern
        self.offset = offset
        self.mentions = mentions
    }
    var testDescription: String { pattern }
}

let syntaxErrorCases: [SyntaxErrorCase] = [
    SyntaxErrorCase(#"{ $.eventName = }"#, at: 16, "expected a value after '='"),
    SyntaxErrorCase(#"{ $.eventName GetSecretValue }"#, at: 14, "expected an operator"),
    SyntaxErrorCase(#"{ $.eventName = = "x" }"#, at: 16, "expected a value after '=', found '='"),
    SyntaxErrorCase("[a, b == 1]", at: 7, "expected a value after '=', found '='"),
    SyntaxErrorCase(#"{ $.eventName = "x" "#, at: 20, "expected '&&', '||' or '}'"),
    SyntaxErrorCase(#"{ eventName = "x" }"#, at: 2, "property selector"),
    SyntaxErrorCase(#"{ $eventName = "x" }"#, at: 3, "expected '.' or '[' after '$'"),
    SyntaxErrorCase(#"{ $. = "x" }"#, at: 4, "expected a property name"),
    SyntaxErrorCase(#"{ $.a[x] = 1 }"#, at: 6, "array index"),
    SyntaxErrorCase(#"{ $.a[0 = 1 }"#, at: 7, "expected ']'"),
    SyntaxErrorCase(#"{ ($.a = 1 }"#, at: 11, "expected ')'"),
    SyntaxErrorCase(#"{ $.a = 1 && }"#, at: 13, "property selector"),
    SyntaxErrorCase(#"{ $.a > "x" }"#, at: 8, "expected a number after '>'"),
    SyntaxErrorCase(#"{ $.a < abc }"#, at: 8, "expected a number"),
    SyntaxErrorCase(#"{ $.a IS NOT NULL }"#, at: 6, "IS NOT is not supported"),
    SyntaxErrorCase(#"{ $.a EXISTS }"#, at: 6, "EXISTS is not supported"),
    SyntaxErrorCase(#"{ $.a IS MAYBE }"#, at: 9, "expected NULL, TRUE or FALSE"),
    SyntaxErrorCase(#"{ $.a NOT THERE }"#, at: 10, "expected EXISTS"),
    SyntaxErrorCase(#"{ $.a = "unterminated }"#, at: 8, "close the quoted text"),
    SyntaxErrorCase(#"{ $.a = 1 } trailing"#, at: 12, "expected the end of the pattern"),
    SyntaxErrorCase(#"{ $.a[*].b[*] = 1 }"#, at: 2, "at most one wildcard"),
    SyntaxErrorCase(#"{ $.a[*] = 1 || $.b[*] = 1 || $.c[*] = 1 || $.d[*] = 1 }"#, at: 0, "at most 3 wildcard"),
    SyntaxErrorCase(#"{ $.a = %x% || $.b = %y% || $.c = %z% }"#, at: 0, "at most 2 regular expressions"),
    SyntaxErrorCase(#"{ $[0] = 1 }"#, at: 3, "expected '.' after '$'"),
    SyntaxErrorCase("[a, b = ]", at: 8, "expected a value after '='"),
    SyntaxErrorCase("[a, b c]", at: 6, "expected an operator"),
    SyntaxErrorCase("[a, b", at: 5, "expected ',' or ']'"),
    SyntaxErrorCase("[a, b > x]", at: 8, "expected a number"),
    SyntaxErrorCase("[a, %x%]", at: 4, "expected a field name"),
    SyntaxErrorCase("[a = %x%, b = %y%, c = %z%]", at: 0, "at most 2 regular expressions"),
    SyntaxErrorCase("%something!%", at: 10, "'!' is not supported"),
    SyntaxErrorCase("%(ab)+%", at: 1, "parentheses are not supported"),
    SyntaxErrorCase("%café%", at: 4, "multi-byte characters are not supported"),
    SyntaxErrorCase("%abc", at: 0, "expected '%' to close"),
    SyntaxErrorCase("%%", at: 1, "expected a regular expression"),
    SyntaxErrorCase("%[abc%", at: 1, "expected ']'"),
    SyntaxErrorCase("%a{5,3}%", at: 2, "larger than its maximum"),
    SyntaxErrorCase("%*a%", at: 1, "must follow something to repeat"),
    SyntaxErrorCase("%^*%", at: 2, "a quantifier cannot follow '^'"),
    SyntaxErrorCase(#"%\q%"#, at: 1, "unsupported escape"),
    SyntaxErrorCase(#"%\xZZ%"#, at: 3, "hexadecimal"),
    SyntaxErrorCase("%a% trailing", at: 4, "expected the end of the pattern"),
    SyntaxErrorCase("ERROR: failed", at: 5, "put terms with ':' in double quotes"),
    SyntaxErrorCase("ERROR 10.0.0.1", at: 8, "double quotes"),
    SyntaxErrorCase("ERROR -", at: 7, "expected a term after '-'"),
    SyntaxErrorCase("? ERROR", at: 1, "expected a term after '?'"),
    SyntaxErrorCase("\"unterminated", at: 0, "close the quoted text"),
    SyntaxErrorCase("\"a\"b", at: 3, "expected a blank between terms"),
    SyntaxErrorCase("ERROR %x%", at: 6, "must be the whole pattern"),
    SyntaxErrorCase("-\" \"", at: 0, "non-blank term"),
    SyntaxErrorCase(String(repeating: "a", count: 1025), at: 1024, "at most 1024"),
]

@Test("syntax errors carry the offset and what was expected", arguments: syntaxErrorCases)
func syntaxError(_ row: SyntaxErrorCase) {
    #expect {
        _ = try FilterPattern(row.pattern)
    } throws: { error in
        guard let error = error as? FilterPatternError else { return false }
        #expect(error.offset == row.offset, "\(error.message)")
        #expect(error.message.contains(row.mentions), "\(error.message)")
        return true
    }
}

@Test func caretDisplayPointsAtTheOffset() throws {
    let error = FilterPatternError(offset: 16, message: "expected a value after '='")
    #expect(error.caretDisplay(pattern: "{ $.eventName = }") == """
        { $.eventName = }
                        ^ expected a value after '='
        """)
    // Tabs are shown as spaces so the caret stays under the right character.
    #expect(FilterPatternError(offset: 1, message: "m").caretDisplay(pattern: "\tx") == " x\n ^ m")
}

@Test func patternsAtTheLengthLimitAreAccepted() throws {
    let pattern = try FilterPattern(String(repeating: "a", count: 1024))
    #expect(pattern.kind == .terms)
}

@Test func regexCountIsReported() throws {
    #expect(try FilterPattern("{ $.a = %x% && $.b = %y% }").regexCount == 2)
    #expect(try FilterPattern("%x%").regexCount == 1)
    #expect(try FilterPattern("ERROR").regexCount == 0)
}

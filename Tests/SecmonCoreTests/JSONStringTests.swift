import SecmonCore
import Testing

@Suite struct JSONStringTests {
    @Test func quotesBackslashesAndControlCharactersAreEscaped() {
        #expect(JSONString.quoted("a\"b\\c\nd\te\u{1}") == #""a\"b\\c\nd\te\u0001""#)
    }

    @Test func otherTextIsKeptAsItIs() {
        #expect(JSONString.quoted("é/€ 🙂") == "\"é/€ 🙂\"")
    }
}

import SecmonCore
import Testing

@Suite struct DiagnosticTests {
    @Test func aDiagnosticNamesItsLocationFirst() {
        let d = Diagnostic(.error, "bad", at: SourceLocation(file: "s.yaml", line: 3, column: 5))
        #expect(d.description.hasPrefix("s.yaml:3:5: "))
        #expect(d.description.contains("bad"))
    }
}

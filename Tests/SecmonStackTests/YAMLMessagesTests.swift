import SecmonCore
import SecmonStack
import Testing

private func messages(_ text: String) -> [String] {
    StackLoader.load(text: text, file: "s.yaml").diagnostics.map(\.description)
}

@Test func aLineBetweenTwoIndentationsSaysWhichLineAndWhatWasExpected() {
    #expect(messages("stack: s\nresources:\n  a:\n    type: topic\n    name: A\n   display_name: x\n") == [
        "s.yaml:6:4: error: line 6 is indented 3 spaces, between the key above it (line 5, 4 spaces) and the map around "
            + "that (from line 3, keys at 2 spaces); indent it by 4 spaces to continue the map above, or by 2 spaces to end it",
    ])
}

@Test func aLineIndentedUnderAValueSaysItIsReadAsPartOfIt() {
    #expect(messages("stack: s\nresources:\n  a:\n    type: topic\n      name: A\n") == [
        "s.yaml:5:7: error: line 5 is indented 6 spaces, more than the key on line 4 (4 spaces), so it is read as part "
            + "of that key's value; indent it by 4 spaces to make it a key of the same map",
    ])
}

/// A duplicate key no longer hides the file's other errors.
@Test func everyErrorIsReportedDespiteDuplicateKeys() {
    let text = """
    stack: s
    resources:
      a:
        type: topic
        name: A
        name: B
        colour: red
      b:
        type: topic
        name: C
      b:
        type: log_group
        name: /x
      c:
        type: subscription
        topic: ${a.arn}
        protocol: sms
        endpoint: x

    """
    let found = messages(text)
    #expect(found.count == 4, "\(found)")
    #expect(found.first == "s.yaml:6:5: error: duplicate key 'name' (first defined at line 5)")
    #expect(found.contains("s.yaml:11:3: error: duplicate key 'b' (first defined at line 8)"))
    #expect(found.contains { $0.hasPrefix("s.yaml:7:5: error: unknown property 'colour'") })
    #expect(found.contains { $0.hasPrefix("s.yaml:17:15: error: protocol 'sms'") && !$0.contains("did you mean") })
    #expect(StackLoader.load(text: text, file: "s.yaml").stack == nil)
}

import Foundation
import SecmonCore
import Testing

@Suite struct ValueTests {
    @Test func aValueRoundTripsThroughJSON() throws {
        let value: Value = .map(["n": .int(1), "d": .double(1.5), "s": .string("x"), "l": .list([.bool(true), .null])])
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(Value.self, from: data) == value)
    }

    @Test func aSensitiveValueIsNotFullyKnownInItsText() {
        #expect(Value.string("x").isFullyKnown)
        #expect(!Value.unknown.isFullyKnown)
    }
}

import Foundation
import StateStore
import Testing
import JSONSupport

/// Attributes as JSON: what goes in comes back, in the form a person expects to read.
struct StateValueTests {
    @Test func valuesSurviveARoundTrip() throws {
        let value = StateValue.object([
            "name": .string("Export \"nightly\"\n"),
            "count": .number(10),
            "ratio": .number(0.25),
            "on": .bool(false),
            "nothing": .null,
            "rows": .array([.object(["from": .string("OSL"), "to": .number(-3)])]),
        ])
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(StateValue.self, from: data) == value)
    }

    @Test func integersHaveNoFraction() throws {
        let text = String(decoding: try JSONEncoder().encode(StateValue.array([.number(10), .number(2.5)])), as: UTF8.self)
        #expect(text == "[10,2.5]")
        #expect(StateValue.number(10).jsonText == "10")
    }

    @Test func canonicalTextSortsKeys() {
        let value = StateValue.object(["b": .number(1), "a": .object(["d": .null, "c": .string("\u{1}")])])
        #expect(value.jsonText == #"{"a":{"c":"\u0001","d":null},"b":1}"#)
    }

    @Test func nonFiniteNumbersBecomeNull() throws {
        let text = String(decoding: try JSONEncoder().encode(StateValue.array([.number(.infinity)])), as: UTF8.self)
        #expect(text == "[null]")
    }
}

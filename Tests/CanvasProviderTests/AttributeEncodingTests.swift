@testable import CanvasProvider
import JSONSupport
import Reconciler
import Testing

/// The planner answers a recorded value that is the manifest's own with the manifest's value
/// (``AttributeEncoding/isSame(_:as:)``): a wrong "same" would hide a change from the plan.
struct AttributeEncodingTests {
    static let recorded: [JSONValue] = [
        .null, .bool(true), .bool(false), .number(500), .number(0.5), .string("500"), .string(""),
        .array([]), .array([.string("a"), .string("b")]), .array([.string("b"), .string("a")]),
        .object([:]), .object(["default": .string("XXX")]),
        .object(["table": .array([.object(["source": .string("Oslo"), "target": .string("OSL")])]), "default": .null]),
        .object(["table": .array([.object(["source": .string("Oslo"), "target": .string("BGO")])]), "default": .null]),
        .object(["Get Employees": .object(["amountToObtain": .object(["variableSource": .number(2), "variableName": .string("x")])])]),
        .object(["fingerprint": .string("hmac-sha256:00")]),
    ]

    static let wanted: [AttributeValue] = [
        .null, .bool(true), .bool(false), .number(500), .number(0.5), .string("500"), .string(""),
        .list([]), .list([.string("a"), .string("b")]), .list([.string("b"), .string("a")]),
        .map([:]), .map(["default": .string("XXX")]), .map(["default": .string("XXX"), "table": .list([])]),
        .map(["table": .list([.map(["source": .string("Oslo"), "target": .string("OSL")])]), "default": .null]),
        .map(["Get Employees": .map(["amountToObtain": .map(["variableSource": .number(2), "variableName": .string("x")])])]),
        .map(["Get Employees": .map(["amountToObtain": .map(["variableSource": .number(3), "variableName": .string("x")])])]),
        .sensitive(fingerprint: "hmac-sha256:00"),
    ]

    @Test("a recorded value is the same as an attribute exactly when its conversion equals it")
    func sameAsConversion() {
        var same = 0
        for value in Self.recorded {
            for attribute in Self.wanted {
                let expected = AttributeEncoding.attribute(value) == attribute
                #expect(AttributeEncoding.isSame(value, as: attribute) == expected, "\(value) against \(attribute)")
                if expected { same += 1 }
            }
        }
        // The pairs above that are the same: the 7 scalars, the 3 lists, and 4 objects (empty, a
        // default, a lookup table, a chain). Nothing recorded is ever the same as a fingerprint.
        #expect(same == 14)
    }

    @Test("a number and the string of its digits, or a missing member and a null one, are not the same")
    func nearMisses() {
        #expect(!AttributeEncoding.isSame(.number(500), as: .string("500")))
        #expect(!AttributeEncoding.isSame(.object(["a": .null]), as: .map([:])))
        #expect(!AttributeEncoding.isSame(.object([:]), as: .map(["a": .null])))
        #expect(!AttributeEncoding.isSame(.object(["a": .null]), as: .map(["b": .null])))
        #expect(!AttributeEncoding.isSame(.array([.null]), as: .list([])))
        #expect(!AttributeEncoding.isSame(.string("(sensitive)"), as: .sensitive(fingerprint: "(sensitive)")))
    }
}

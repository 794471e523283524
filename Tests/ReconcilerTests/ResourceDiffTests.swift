import Reconciler
import Testing

/// What the diff decides for each pair of desired and current resource.
struct ResourceDiffTests {
    let address = ResourceAddress(kind: "workflow", key: "export")

    @Test("a new resource is a create with every attribute; a missing one a delete with a reason")
    func createAndDelete() throws {
        let desired = Resource(address: address, attributes: ["name": .string("Export"), "deploy": .bool(true)])
        let create = try #require(ResourceDiff.change(desired: desired, current: nil))
        #expect(create.action == .create)
        #expect(create.attributes.map(\.name) == ["deploy", "name"])
        #expect(create.attributes.allSatisfy { $0.before == nil })

        let current = Resource(address: address, id: "w-1", attributes: ["name": .string("Export")])
        let delete = try #require(ResourceDiff.change(desired: nil, current: current))
        #expect(delete.action == .delete)
        #expect(delete.id == "w-1")
        #expect(delete.reason == "no longer in the manifests")
    }

    @Test("changed attributes are an update, an immutable one a replace that says why, none a no-op")
    func updateReplaceNoop() throws {
        let current = Resource(address: address, id: "w-1", attributes: [
            "name": .string("Export"), "template": .string("Demo workflow"),
            "variables": .map(["a": .string("1"), "b": .string("2")]),
        ])
        var desired = current
        desired.id = nil
        desired.attributes["variables"] = .map(["b": .string("2"), "a": .string("1")])
        #expect(ResourceDiff.change(desired: desired, current: current)?.action == .noop, "maps compare as maps")

        desired.attributes["name"] = .string("Export v2")
        let update = try #require(ResourceDiff.change(desired: desired, current: current, immutable: ["template"]))
        #expect(update.action == .update)
        #expect(update.attributes == [Change.AttributeChange(name: "name", before: .string("Export"), after: .string("Export v2"))])

        desired.attributes["template"] = .string("Other template")
        let replace = try #require(ResourceDiff.change(desired: desired, current: current, immutable: ["template"]))
        #expect(replace.action == .replace)
        #expect(replace.reason == "template cannot change in place")
        #expect(replace.attributes.first { $0.name == "template" }?.forcesReplacement == true)
    }

    @Test("a secret is compared by fingerprint and shown as (sensitive)")
    func sensitive() throws {
        let current = Resource(address: address, attributes: ["credentials": .map(["apikey": .sensitive(fingerprint: "hmac-sha256:aa")])])
        var desired = current
        #expect(ResourceDiff.change(desired: desired, current: current)?.action == .noop)
        desired.attributes["credentials"] = .map(["apikey": .sensitive(fingerprint: "hmac-sha256:bb")])
        let change = try #require(ResourceDiff.change(desired: desired, current: current))
        #expect(change.action == .update)
        #expect(change.attributes.first?.after?.description == "{apikey: (sensitive)}")
        #expect(change.attributes.first?.after?.isSensitive == true)
    }

    @Test("values print as a person reads them")
    func descriptions() {
        #expect(AttributeValue.string("a \"b\"\n").description == "\"a \\\"b\\\"\\n\"")
        #expect(AttributeValue.number(10).description == "10")
        #expect(AttributeValue.number(1.5).description == "1.5")
        #expect(AttributeValue.list([.null, .bool(true)]).description == "[null, true]")
        #expect(ResourceAddress("workflow.export") == address)
        #expect(ResourceAddress("nodot") == nil)
    }
}

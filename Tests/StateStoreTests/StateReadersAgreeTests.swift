import Foundation
import JSONSupport
@testable import StateStore
import Testing

/// The state has two readers: `StateJSON`, member by member (a plan reads 10,000 records through
/// it), and the types' `Codable` conformance through `JSONDecoder` (the fallback, and the source of
/// error messages). Wherever the fast one reads a state, it reads what `JSONDecoder` reads; where
/// they would differ, it gives up.
struct StateReadersAgreeTests {
    static let record = #"""
        {"address": "workflow.a", "kind": "workflow", "id": "wf-a", "appliedAt": "2026-12-07T00:00:00Z",
         "attributes": {"name": "A", "protect": false, "variables": {"n": 1, "t": {"table": [], "default": null}}, "schedule": {"enabled": true}},
         "fingerprints": {"inputs": "hmac-sha256:0000000000000000000000000000000000000000000000000000000000000000"}
        """#

    /// Texts of states: both formats, and shapes each reader treats its own way.
    static let texts: [String] = [
        // Format 1: records keyed by address, each with its account.
        #"{"accounts": [null], "formatVersion": 1, "lineage": "l", "serial": 3, "records": {"workflow.a": \#(record), "account": "oslo"}}}"#,
        #"{"formatVersion": 1, "lineage": "l", "serial": 3, "records": {"workflow.a": \#(record), "account": null}}}"#,
        // Format 2: keyed provider:address, with provider and scope.
        #"{"scopes": {"canvas": ["oslo"]}, "formatVersion": 2, "lineage": "l", "serial": 4, "records": {"canvas:workflow.a": \#(record), "provider": "canvas", "scope": "oslo"}}}"#,
        #"{"formatVersion": 2, "lineage": "l", "serial": 4, "records": {"flows:workflow.a": \#(record), "provider": "flows"}}, "extra": [1, 2]}"#,
        // Under the wrong key for its format: refused by both.
        #"{"formatVersion": 2, "lineage": "l", "serial": 4, "records": {"workflow.a": \#(record), "provider": "canvas"}}}"#,
        #"{"formatVersion": 1, "lineage": "l", "serial": 4, "records": {"canvas:workflow.a": \#(record)}}}"#,
        // A member of the wrong type, or missing.
        #"{"formatVersion": 2, "lineage": "l", "serial": "4", "records": {}}"#,
        #"{"formatVersion": 2, "lineage": "l", "records": {}}"#,
        #"{"formatVersion": 2, "lineage": "l", "serial": 1, "records": {"canvas:workflow.a": {"address": "workflow.a", "provider": "canvas"}}}"#,
        // A newer format.
        #"{"formatVersion": 3, "lineage": "l", "serial": 1, "records": {}}"#,
    ]

    @Test("the member-by-member reader reads every state JSONDecoder reads, the same, or gives up", arguments: texts.indices)
    func agree(_ index: Int) throws {
        let bytes = Array(Self.texts[index].utf8)
        let fast = StateJSON.snapshot(bytes).flatMap { $0.upgraded() }
        let slow = (try? JSONDecoder().decode(StateSnapshot.self, from: Data(bytes))).flatMap { $0.upgraded() }
        // The first four are states as canvasctl writes them: the fast reader reads them.
        if index < 4 { #expect(fast != nil, "\(Self.texts[index])") }
        if let fast {
            let slow = try #require(slow, "JSONDecoder refuses what the fast reader read: \(Self.texts[index])")
            #expect(fast.records == slow.records && fast.lineage == slow.lineage && fast.serial == slow.serial)
            #expect(fast.formatVersion == StateSnapshot.currentFormatVersion)
        }
        // What a run gets: the fast reading when there is one, else the decoder's, else a message.
        let read = Result { () throws(StateError) in try StateSnapshot.parsed(bytes, location: "state.json") }
        switch read {
        case .success(let snapshot):
            #expect(snapshot.records.allSatisfy { $0.key == $0.value.key })
            #expect(slow != nil)
        case .failure(let error):
            #expect(fast == nil)
            #expect(error.description.contains("state.json"), "\(error)")
        }
    }
}

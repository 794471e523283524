import CanvasAPI
import Foundation
import JSONSupport
import Testing

/// The fast path of list answers (`ListDecodable`) reads exactly what `JSONDecoder` reads, and
/// gives up (nil, so that the client decodes again with `JSONDecoder`) wherever it would differ.
struct ListDecodingTests {
    static let id = "0b5a6d2e-1c3f-4e8a-9b7d-2f4c6e8a0b1d"
    static let other = "5f814909-01ea-4395-96ee-5ba7614128fc"

    /// Both readings of one item: the fast one, and JSONDecoder's (nil when it throws).
    static func both<T: ListDecodable & Equatable>(_ type: T.Type, _ json: String) throws -> (fast: T?, decoder: T?) {
        let fast = try? JSONParser.read(Array(json.utf8)) { (cursor) throws(JSONParser.Failure) in try T(listItem: &cursor) }
        return (fast, try? JSONDecoder().decode(T.self, from: Data(json.utf8)))
    }

    static func list<T: ListDecodable>(_ type: T.Type, _ data: Data) throws -> [T] {
        try JSONParser.read(Array(data)) { (cursor) throws(JSONParser.Failure) -> [T] in
            var list: [T] = []
            try cursor.items { (item) throws(JSONParser.Failure) in list.append(try T(listItem: &item)) }
            return list
        }
    }

    @Test("the documented list examples read the same both ways, none falling back")
    func documentedLists() throws {
        for (type, file) in [("workflows", "workflows.json"), ("applications", "reg-applications.json")] {
            let data = try Data(contentsOf: ModelFixture.directory.appendingPathComponent(file))
            if type == "workflows" {
                let decoded = try JSONDecoder().decode([Workflow].self, from: data)
                #expect(!decoded.isEmpty)
                #expect(try Self.list(Workflow.self, data) == decoded)
            } else {
                let decoded = try JSONDecoder().decode([RegisteredApplication].self, from: data)
                #expect(!decoded.isEmpty)
                #expect(try Self.list(RegisteredApplication.self, data) == decoded)
            }
        }
    }

    @Test("workflow items in every shape: equal where the fast path reads them, and it reads the plain ones", arguments: [
        // plain, with nulls, absent members, an upper-case id, an unknown member
        (#"{"id": "\#(id)", "name": "a", "isScheduled": true, "currentBlock": 2, "regApplicationIds": ["\#(other)"]}"#, true),
        (#"{"id": "\#(id.uppercased())", "name": null, "description": null, "workflowTemplateId": null, "regApplicationIds": null, "extra": [1, {"x": 2}]}"#, true),
        // the schedule in each form it comes in; one it cannot read is absent either way
        (#"{"id": "\#(id)", "schedulerFrequency": "{\"cronSchedule\":\"0 0 12 * * ?\"}"}"#, true),
        (#"{"id": "\#(id)", "schedulerFrequency": "{ \"cronSchedule\": \"0 0 12 * * ?\", \"other\": 1 }"}"#, true),
        (#"{"id": "\#(id)", "schedulerFrequency": {"cronSchedule": "0 0 12 * * ?"}}"#, true),
        (#"{"id": "\#(id)", "schedulerFrequency": "0 0 12 * * ?"}"#, true),
        (#"{"id": "\#(id)", "schedulerFrequency": ""}"#, true),
        (#"{"id": "\#(id)", "schedulerFrequency": 5}"#, true),
        // what JSONDecoder refuses: the fast path gives up too
        (#"{"name": "no id"}"#, false),
        (#"{"id": "not-a-guid"}"#, false),
        (#"{"id": "\#(id)", "name": 5}"#, false),
        (#"{"id": "\#(id)", "isScheduled": "true"}"#, false),
        (#"{"id": "\#(id)", "currentBlock": 2.5}"#, false),
        (#"{"id": "\#(id)", "currentBlock": 2.0}"#, true),
        (#"{"id": "\#(id)", "currentBlock": 2e0}"#, true),
        (#"{"id": "\#(id)", "currentBlock": "2"}"#, false),
        (#"{"id": "\#(id)", "regApplicationIds": ["\#(other)", "x"]}"#, false),
        (#"{"id": "\#(id)", "accountId": ""}"#, false),
        (#"[1]"#, false),
        (#"{"id": "\#(id)", "name": "a", "name": "b"}"#, false),
        (#"{"id": null}"#, false),
    ])
    func workflowItems(json: String, readsFast: Bool) throws {
        let (fast, decoder) = try Self.both(Workflow.self, json)
        #expect((fast != nil) == readsFast)
        if let fast { #expect(fast == decoder) }
    }

    @Test("registered application items: equal where read, given up where JSONDecoder refuses", arguments: [
        (#"{"id": "\#(id)", "applicationId": "\#(other)", "tagText": "Quinyx", "sessionTimeMins": 30, "faulted": false, "dateTimeUtcAuthenticated": null}"#, true),
        (#"{"id": "\#(id)", "applicationId": "\#(other)"}"#, true),
        (#"{"id": "\#(id)"}"#, false),
        (#"{"id": "\#(id)", "applicationId": "\#(other)", "sessionTimeMins": 1e400}"#, false),
        (#"{"id": "\#(id)", "applicationId": "\#(other)", "isAuthenticated": 1}"#, false),
    ])
    func applicationItems(json: String, readsFast: Bool) throws {
        let (fast, decoder) = try Self.both(RegisteredApplication.self, json)
        #expect((fast != nil) == readsFast)
        if let fast { #expect(fast == decoder) }
    }
}

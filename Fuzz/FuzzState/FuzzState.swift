import Foundation
import FuzzSupport
import JSONSupport
import StateStore

/// Fuzzes the state reader, `StateSnapshot.parsed(_:location:)`: its fast path (the state read
/// member by member through `JSONParser.Cursor`, some attributes kept as their checked text) and
/// its `JSONDecoder` fallback. Checked: where `JSONDecoder` reads a state too, both read the same
/// records; and what the state writes of what it read (`fileText`) reads back as the same state.
@main
struct FuzzState {
    static func main() {
        FuzzTarget.main(test)
    }

    @Sendable static func test(_ bytes: [UInt8]) {
        let snapshot: StateSnapshot
        do throws(StateError) {
            snapshot = try StateSnapshot.parsed(bytes, location: "fuzz.json")
        } catch {
            _ = error.description
            return
        }
        if let decoded = try? JSONDecoder().decode(StateSnapshot.self, from: Data(bytes)) {
            FuzzTarget.check(same(decoded, snapshot), "JSONDecoder and the state reader read different states")
        }
        // An infinity (a number beyond a Double) is written as null: no state canvasctl writes has one.
        guard snapshot.records.values.allSatisfy({ $0.attributes.values.allSatisfy(\.isFinite) }) else { return }
        let text = snapshot.fileText
        do throws(StateError) {
            let reread = try StateSnapshot.parsed(text, location: "written.json")
            FuzzTarget.check(same(reread, snapshot), "the written state reads back as another")
            FuzzTarget.check(reread.fileText == text, "the written state is written differently the second time")
        } catch {
            FuzzTarget.check(false, "the written state does not read back: \(error)\n\(String(decoding: text, as: UTF8.self))")
        }
    }

    static func same(_ lhs: StateSnapshot, _ rhs: StateSnapshot) -> Bool {
        lhs.formatVersion == rhs.formatVersion && lhs.lineage == rhs.lineage && lhs.serial == rhs.serial && lhs.records == rhs.records
    }
}


import Foundation
import Testing

/// What `state push` refuses on any backend, checked the same way on each: a state of another
/// lineage (another estate's) and an older copy of the stored one, each without `--force`; then
/// the other lineage pushed with `--force`.
enum StatePushRefusals {
    /// The lineage the forced push leaves stored.
    static let otherLineage = "00000000-0000-0000-0000-000000000000"

    /// Pushes edited copies of `stored` (the state's file text, whose lineage and serial `json`
    /// gives), written under `directory`, to the state `environment` names.
    static func check(stored: String, json: [String: Any], directory: String, environment: [String: String]) async throws {
        let other = directory + "/other.state.json"
        try stored.replacingOccurrences(of: json["lineage"] as! String, with: otherLineage).write(toFile: other, atomically: true, encoding: .utf8)
        let foreign = await CLI.run(["state", "push", other], environment: environment)
        #expect(foreign.exitCode == 1)
        #expect(foreign.error.contains("is of another lineage"), "\(foreign.error)")
        let older = directory + "/older.state.json"
        try stored.replacingOccurrences(of: "\"serial\" : \(json["serial"] as! Int)", with: "\"serial\" : 0")
            .write(toFile: older, atomically: true, encoding: .utf8)
        let stale = await CLI.run(["state", "push", older], environment: environment)
        #expect(stale.exitCode == 1)
        #expect(stale.error.contains("older than the state at"), "\(stale.error)")
        let forced = await CLI.run(["state", "push", other, "--force"], environment: environment)
        #expect(forced.exitCode == 0, "\(forced.error)")
    }
}

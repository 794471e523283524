import Foundation

/// A lock of Terraform's HTTP state protocol, as sent to lock and unlock and as a server answers a
/// held lock (409 or 423): `{"ID","Operation","Info","Who","Version","Created","Path"}`. Servers
/// (GitLab's managed Terraform state, Gitea) keep it until it is unlocked with the same ID, so
/// the ID is what `state unlock LOCK_ID` takes.
public struct LockInfo: Codable, Sendable, Hashable {
    public var id: String
    public var operation: String
    public var info: String
    public var who: String
    public var version: String
    public var created: String
    public var path: String

    public init(id: String, operation: String, info: String, who: String, version: String, created: String, path: String) {
        self.id = id
        self.operation = operation
        self.info = info
        self.who = who
        self.version = version
        self.created = created
        self.path = path
    }

    /// The lock a run takes: a new ID, the run's command, `user@host` and pid.
    init(holder: LockHolder, path: String) {
        self.init(
            id: UUID().uuidString.lowercased(), operation: holder.command, info: "pid \(holder.pid)",
            who: "\(holder.user)@\(holder.host)", version: "canvasctl", created: holder.startedAt, path: path
        )
    }

    private enum CodingKeys: String, CodingKey {
        case id = "ID", operation = "Operation", info = "Info", who = "Who", version = "Version", created = "Created", path = "Path"
    }

    /// Servers leave out what they do not keep: every member may be missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) -> String { ((try? container.decodeIfPresent(String.self, forKey: key)) ?? nil) ?? "" }
        id = text(.id)
        operation = text(.operation)
        info = text(.info)
        who = text(.who)
        version = text(.version)
        created = text(.created)
        path = text(.path)
    }
}

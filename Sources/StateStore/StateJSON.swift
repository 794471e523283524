import JSONSupport

/// The state's JSON read quickly: parsed by ``JSONParser`` and taken apart by hand. Reading a
/// state of 10,000 workflows with `JSONDecoder` took most of a no-change plan (each attribute
/// value is decoded by trying every JSON type in turn). Anything that does not have the expected
/// shape answers nil, and the caller decodes again with `JSONDecoder` for its precise message.
enum StateJSON {
    static func snapshot(_ bytes: [UInt8]) -> StateSnapshot? {
        // Read member by member (``JSONParser/Cursor``): a tree of the whole file first, then
        // taken apart, cost twice as much. A member repeated, or of another type than the one
        // expected, fails the fast path.
        try? JSONParser.read(bytes) { (cursor) throws(JSONParser.Failure) -> StateSnapshot in
            var version, serial: Int?
            var lineage: String?
            var records: [String: StateRecord]?
            try cursor.members { (member, name) throws(JSONParser.Failure) in
                switch name {
                case "formatVersion" where version == nil: version = try integer(&member)
                case "lineage" where lineage == nil: lineage = try member.string()
                case "serial" where serial == nil: serial = try integer(&member)
                case "records" where records == nil:
                    // Gathered first and put in a table made at its size: grown one record at a
                    // time, the table of 12,000 was made fourteen times over.
                    var read: [(String, StateRecord)] = []
                    try member.members { (entry, address) throws(JSONParser.Failure) in
                        read.append((address.string, try record(&entry)))
                    }
                    var entries = [String: StateRecord](minimumCapacity: read.count)
                    for (address, record) in read {
                        guard entries.updateValue(record, forKey: address) == nil else { throw member.failure("each address once") }
                    }
                    records = entries
                case "formatVersion", "lineage", "serial", "records": throw member.failure("each member once")
                default: try member.skip()
                }
            }
            guard let version, let lineage, let serial, let records else { throw cursor.failure("a state") }
            return StateSnapshot(formatVersion: version, lineage: lineage, serial: serial, records: records)
        }
    }

    /// One record's JSON, as a PostgreSQL state keeps it (``json(_:)``'s compact text).
    static func record(text bytes: [UInt8]) -> StateRecord? {
        try? JSONParser.read(bytes) { (cursor) throws(JSONParser.Failure) -> StateRecord in try record(&cursor) }
    }

    /// One record, read from the cursor.
    private static func record(_ cursor: inout JSONParser.Cursor) throws(JSONParser.Failure) -> StateRecord {
        var address, kind, provider, id, appliedAt: String?
        var scope, account: String??
        var attributes: [String: StateValue]?
        var unparsed = [String: [UInt8]](minimumCapacity: 3)
        var fingerprints: [String: String]?
        try cursor.members { (member, name) throws(JSONParser.Failure) in
            switch name {
            case "address" where address == nil: address = try member.string()
            case "kind" where kind == nil: kind = try member.string()
            case "provider" where provider == nil: provider = try member.string()
            case "id" where id == nil: id = try member.string()
            case "appliedAt" where appliedAt == nil: appliedAt = try member.string()
            case "scope" where scope == nil: scope = .some(try member.null() ? nil : try member.string())
            case "account" where account == nil: account = .some(try member.null() ? nil : try member.string())
            case "attributes" where attributes == nil:
                // Objects and arrays are kept as their text (``StateRecord/attributeText(_:)``);
                // as when parsed whole, the first of repeated names is the one kept.
                guard try member.kind() == .object else { throw member.failure("an object") }
                // (Room for a workflow's parsed attributes at once: grown from empty, the table was
                // made four times over; made for eight, 12,000 of them held 8 MB.)
                var values = [String: StateValue](minimumCapacity: 4)
                try member.members { (value, key) throws(JSONParser.Failure) in
                    let name = key.string
                    let kind = try value.kind()
                    if kind == .object || kind == .array {
                        if unparsed[name] == nil { unparsed[name] = try value.text() } else { try value.skip() }
                    } else if let first = values.updateValue(try value.value(), forKey: name) {
                        values[name] = first
                    }
                }
                attributes = values
            case "fingerprints" where fingerprints == nil:
                var values: [String: String] = [:]
                try member.members { (value, key) throws(JSONParser.Failure) in
                    let fingerprint = try value.string()
                    guard values.updateValue(fingerprint, forKey: key.string) == nil else { throw value.failure("each fingerprint once") }
                }
                fingerprints = values
            case "address", "kind", "provider", "id", "appliedAt", "scope", "account", "attributes", "fingerprints":
                throw member.failure("each member once")
            default: try member.skip()
            }
        }
        guard let address, let kind, let id, let appliedAt, let attributes, let fingerprints else { throw cursor.failure("a record") }
        return StateRecord(
            address: address, kind: kind, provider: provider ?? StateSnapshot.formatOneProvider, scope: scope ?? account ?? nil, id: id,
            parsed: attributes, unparsed: unparsed, fingerprints: fingerprints, appliedAt: appliedAt
        )
    }

    private static func integer(_ cursor: inout JSONParser.Cursor) throws(JSONParser.Failure) -> Int {
        guard let value = integer(.number(try cursor.number())) else { throw cursor.failure("an integer") }
        return value
    }

    /// The scopes a state file names first (``StateSnapshot/scopes``), by provider, read without
    /// parsing the rest; nil when it does not start with them (a file written by hand). Format 1
    /// named its accounts first (`accounts`): they are ``StateSnapshot/formatOneProvider``'s.
    static func leadingScopes(_ bytes: [UInt8]) -> [String: [String?]]? {
        guard let (name, value) = JSONParser.firstMember(of: bytes) else { return nil }
        func scopes(_ value: JSONValue) -> [String?]? {
            guard case .array(let items) = value else { return nil }
            var scopes: [String?] = []
            for item in items {
                switch item {
                case .null: scopes.append(nil)
                case .string(let scope): scopes.append(scope)
                default: return nil
                }
            }
            return scopes
        }
        switch (name, value) {
        case ("accounts", _): return scopes(value).map { [StateSnapshot.formatOneProvider: $0] }
        case ("scopes", .object(let providers)):
            var all: [String: [String?]] = [:]
            for (provider, value) in providers {
                guard let list = scopes(value) else { return nil }
                all[provider] = list
            }
            return all
        default: return nil
        }
    }

    static func journalEntry(_ bytes: [UInt8]) -> JournalEntry? {
        guard case .object(let fields)? = try? JSONParser.parse(bytes), case .string(let op)? = fields["op"] else { return nil }
        switch op {
        case "put": return fields["record"].flatMap(record).map(JournalEntry.put)
        case "remove":
            if case .string(let key)? = fields["key"] { return .remove(key: key) }
            // A journal of format 1 names the record by its address.
            guard case .string(let address)? = fields["address"] else { return nil }
            return .remove(key: StateRecord.key(provider: StateSnapshot.formatOneProvider, address: address))
        case "begin":
            guard case .string(let lineage)? = fields["lineage"], let serial = integer(fields["serial"]) else { return nil }
            return .begin(lineage: lineage, serial: serial)
        default: return nil
        }
    }

    /// A journal line's JSON (without its newline), written by hand: JSONEncoder made recording
    /// a change cost more than the API call it records.
    static func line(_ entry: JournalEntry) -> [UInt8] {
        let value: JSONValue = switch entry {
        case .put(let record): .object(["op": .string("put"), "record": json(record)])
        case .remove(let key): .object(["op": .string("remove"), "key": .string(key)])
        case .begin(let lineage, let serial): .object(["op": .string("begin"), "lineage": .string(lineage), "serial": .number(Double(serial))])
        }
        return Array(value.jsonText.utf8)
    }

    /// The state file's text, indented with keys sorted (it diffs well in version control), handed
    /// to `write` in pieces of about `pieceSize` bytes, record by record: the whole text of a state
    /// of 10,000 workflows (14 MB) held at once was the peak of an apply's memory.
    static func writeFile<E: Error>(
        _ snapshot: StateSnapshot, pieceSize: Int = 1 << 20, to write: ([UInt8]) throws(E) -> Void
    ) throws(E) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pieceSize + 64 * 1024)
        var text = "{\n  \"scopes\" : "
        JSONValue.object(snapshot.scopes.mapValues { .array($0.map { $0.map(JSONValue.string) ?? .null }) }).writePretty(to: &text, indent: 1)
        text += ",\n  \"formatVersion\" : \(snapshot.formatVersion),\n  \"lineage\" : "
        JSONValue.string(snapshot.lineage).writePretty(to: &text)
        text += ",\n  \"records\" : {"
        bytes += text.utf8
        for (index, key) in snapshot.records.keys.sorted().enumerated() {
            text = index == 0 ? "\n    " : ",\n    "
            JSONValue.string(key).writePretty(to: &text)
            text += " : "
            json(snapshot.records[key]!).writePretty(to: &text, indent: 2)
            bytes += text.utf8
            if bytes.count >= pieceSize {
                try write(bytes)
                bytes.removeAll(keepingCapacity: true)
            }
        }
        text = snapshot.records.isEmpty ? "}" : "\n  }"
        text += ",\n  \"serial\" : \(snapshot.serial)\n}\n"
        bytes += text.utf8
        try write(bytes)
    }

    static func json(_ record: StateRecord) -> JSONValue {
        .object([
            "address": .string(record.address), "kind": .string(record.kind), "provider": .string(record.provider),
            "scope": record.scope.map(JSONValue.string) ?? .null,
            "id": .string(record.id), "attributes": .object(record.attributes), "fingerprints": .object(record.fingerprints.mapValues(JSONValue.string)),
            "appliedAt": .string(record.appliedAt),
        ])
    }

    static func record(_ value: JSONValue) -> StateRecord? {
        guard case .object(let fields) = value,
              case .string(let address)? = fields["address"], case .string(let kind)? = fields["kind"],
              case .string(let id)? = fields["id"], case .string(let appliedAt)? = fields["appliedAt"] else { return nil }
        var provider = StateSnapshot.formatOneProvider
        switch fields["provider"] {
        case nil: break
        case .string(let text)?: provider = text
        default: return nil
        }
        var scope: String?
        switch fields["scope"] ?? fields["account"] {
        case nil, .null?: scope = nil
        case .string(let text)?: scope = text
        default: return nil
        }
        var attributes: [String: StateValue] = [:]
        switch fields["attributes"] {
        case .object(let values)?: attributes = values
        default: return nil
        }
        var fingerprints: [String: String] = [:]
        switch fields["fingerprints"] {
        case .object(let values)?:
            for (name, value) in values {
                guard case .string(let text) = value else { return nil }
                fingerprints[name] = text
            }
        default: return nil
        }
        return StateRecord(
            address: address, kind: kind, provider: provider, scope: scope, id: id, attributes: attributes, fingerprints: fingerprints,
            appliedAt: appliedAt
        )
    }

    private static func integer(_ value: JSONValue?) -> Int? {
        guard case .number(let number)? = value, number.rounded() == number, abs(number) < 1e15 else { return nil }
        return Int(number)
    }
}

import Crypto

/// The tables a PostgreSQL state lives in (docs/state.md, "PostgreSQL"), created on first use in
/// the schema `canvasctl`, and the advisory lock keys of each state.
///
/// Several states (`?state=NAME`) share the tables: `states` has a row per state (its lineage and
/// serial), `records` a row per managed resource (its JSON, as the state file writes a record),
/// and `locks` the holder of each state's lock, for the message another run prints. The lock
/// itself is an advisory lock, which PostgreSQL releases when the connection that holds it ends.
enum PostgresSchema {
    /// The advisory lock class of canvasctl's locks (`cvct`); the object is a hash of the state's name.
    static let lockClass: Int32 = 0x6376_6374
    /// The advisory lock class taken, per transaction, while the tables are created.
    static let schemaLockClass: Int32 = 0x6376_6375

    /// Run in one transaction, under the schema lock, when `canvasctl.locks` does not exist yet.
    static let creation: [String] = [
        "CREATE SCHEMA IF NOT EXISTS canvasctl",
        """
        CREATE TABLE IF NOT EXISTS canvasctl.states (
            name text PRIMARY KEY,
            lineage text NOT NULL,
            serial bigint NOT NULL,
            format_version integer NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS canvasctl.records (
            state text NOT NULL REFERENCES canvasctl.states (name) ON DELETE CASCADE,
            provider text NOT NULL,
            address text NOT NULL,
            scope text,
            record text NOT NULL,
            PRIMARY KEY (state, provider, address)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS canvasctl.locks (
            state text PRIMARY KEY,
            holder text NOT NULL,
            backend_pid integer NOT NULL,
            locked_at timestamptz NOT NULL DEFAULT now()
        )
        """,
    ]

    /// Whether the tables are still of format 1: `records` without a provider, its scope called
    /// `account`.
    static let isFormatOne = """
        SELECT EXISTS (SELECT 1 FROM information_schema.columns
        WHERE table_schema = 'canvasctl' AND table_name = 'records' AND column_name = 'account')
        """

    /// Run in one transaction, under the schema lock, when the tables are of format 1: every row
    /// becomes ``StateSnapshot/formatOneProvider``'s. The records' JSON is read as it is (a record
    /// of format 1 reads as one of that provider), and each state's rows are written anew in the
    /// current format by its next run that writes (``PostgresStateSession``).
    static let upgradeFromFormatOne: [String] = [
        "ALTER TABLE canvasctl.records RENAME COLUMN account TO scope",
        "ALTER TABLE canvasctl.records ADD COLUMN provider text NOT NULL DEFAULT '\(StateSnapshot.formatOneProvider)'",
        "ALTER TABLE canvasctl.records ALTER COLUMN provider DROP DEFAULT",
        "ALTER TABLE canvasctl.records DROP CONSTRAINT records_pkey",
        "ALTER TABLE canvasctl.records ADD PRIMARY KEY (state, provider, address)",
    ]

    /// The advisory lock object of the state `name`: 31 bits of its SHA-256, so that it reads the
    /// same in `pg_locks.objid` (an unsigned oid) as it is given. Two names of one hash share a
    /// lock: a run waits for the other, never writes over it.
    static func lockObject(of name: String) -> Int32 {
        let digest = Array(SHA256.hash(data: Array("canvasctl state \(name)".utf8)))
        let bits = UInt32(digest[0]) << 24 | UInt32(digest[1]) << 16 | UInt32(digest[2]) << 8 | UInt32(digest[3])
        return Int32(bitPattern: bits & 0x7FFF_FFFF)
    }
}

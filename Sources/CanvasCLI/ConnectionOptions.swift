import ArgumentParser
import CanvasOperations

/// `--endpoint`, `--allow-insecure-http` and `--max-per-account`, shared by every command that
/// talks to Canvas (the account is ``AccountOption``, which `export` replaces with a list).
///
/// The credentials are never options: they come from the environment only (`CANVAS_CONSUMER_KEY`
/// and `CANVAS_SECRET_KEY`, or `CANVAS_TOKEN`), so that they do not end up in shell history or in
/// the process list.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The Canvas API base URL, or 'local' for the embedded emulator (default: $CANVAS_URL).",
        valueName: "URL|local"
    ))
    var endpoint: String?

    @Flag(name: .customLong("allow-insecure-http"), help: "Allow plain http:// to a host other than this machine (sends the keys in clear text).")
    var allowInsecureHTTP = false

    @Option(name: .customLong("max-per-account"), help: ArgumentHelp(
        "The most requests of one account in flight at once; lowered for a while when Canvas answers 429 (default: $CANVAS_MAX_PER_ACCOUNT, else 8).",
        valueName: "N"
    ))
    var maxPerAccount: Int?

    func validate() throws {
        if let maxPerAccount, maxPerAccount < 1 {
            throw ValidationError("--max-per-account takes a number of requests of at least 1, as in --max-per-account 8; \(maxPerAccount) is not.")
        }
    }

    /// What the options say, as a value.
    var settings: ConnectionSettings {
        ConnectionSettings(endpoint: endpoint, allowInsecureHTTP: allowInsecureHTTP, maxPerAccount: maxPerAccount)
    }
}

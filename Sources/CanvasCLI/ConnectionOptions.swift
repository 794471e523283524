import ArgumentParser
import CanvasOperations

/// `--endpoint` and `--allow-insecure-http`, shared by every command that talks to Canvas (the
/// account is ``AccountOption``, which `export` replaces with a list).
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

    /// What the options say, as a value.
    var settings: ConnectionSettings {
        ConnectionSettings(endpoint: endpoint, allowInsecureHTTP: allowInsecureHTTP)
    }
}

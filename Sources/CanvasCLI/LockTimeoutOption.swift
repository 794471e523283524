import ArgumentParser

/// `--lock-timeout DURATION`, shared by every command that takes the state's lock.
struct LockTimeoutOption: ParsableArguments {
    @Option(name: .customLong("lock-timeout"), help: ArgumentHelp(
        "How long to wait for the state's lock when another run holds it, as 30s or 5m (default: refuse at once).",
        valueName: "DURATION"
    ))
    var lockTimeout: LockTimeout = .zero

    var duration: Duration { lockTimeout.duration }
}

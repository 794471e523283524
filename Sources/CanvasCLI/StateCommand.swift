import ArgumentParser

/// `canvasctl state …`: looking at the state and clearing a lock left behind.
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Look at the state file, or clear a lock left by a killed run.",
        discussion: """
            The state maps each managed address to its live id (see docs/state.md). These commands \
            do not connect to Canvas.

            Examples:
              canvasctl state list examples/quickstart
              canvasctl state unlock --state prod.state.json
            """,
        subcommands: [StateListCommand.self, StateUnlockCommand.self]
    )
}

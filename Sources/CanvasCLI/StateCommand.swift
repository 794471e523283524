import ArgumentParser

/// `canvasctl state …`: looking at the state and clearing a lock left behind.
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Look at the state, copy it between backends, forget or rename resources in it, or clear a lock left behind.",
        discussion: """
            The state maps each managed address to its live id (see docs/state.md): a file, or a \
            server of Terraform's HTTP state protocol (--state https://…). These commands do not \
            connect to Canvas.

            Examples:
              canvasctl state list examples/quickstart
              canvasctl state pull manifests/ > backup.state.json
              canvasctl state migrate manifests/ --to https://gitlab.example.com/api/v4/projects/7/terraform/state/prod
              canvasctl state rm workflow.legacy-export
              canvasctl state mv workflow.export workflow.employee-export
              canvasctl state unlock --state prod.state.json
            """,
        subcommands: [StateListCommand.self, StatePullCommand.self, StatePushCommand.self, StateMigrateCommand.self, StateRemoveCommand.self, StateMoveCommand.self, StateUnlockCommand.self]
    )
}

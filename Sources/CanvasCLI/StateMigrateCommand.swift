import ArgumentParser
import StateStore

/// `canvasctl state migrate --to PATH|URL`: copies the state to another backend, both locked.
struct StateMigrateCommand: CanvasctlCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy the state to another backend (a file or an HTTP state server).",
        discussion: """
            Locks the state and the destination, and writes the state's records into the \
            destination; the state itself is left as it was. A destination that already holds a \
            state of another lineage, or of a newer serial, is refused unless --force. Then point \
            --state or CANVAS_STATE at the destination.

            Examples:
              canvasctl state migrate manifests/ --to https://gitlab.example.com/api/v4/projects/7/terraform/state/prod
              canvasctl state migrate --state https://old.example.com/state/prod --to prod.state.json
            """
    )

    @Argument(help: ArgumentHelp("A manifest file or directory; the state is the one beside it.", valueName: "PATH"))
    var path: String?

    @OptionGroup var options: StateOptions

    @Option(name: .customLong("to"), help: ArgumentHelp("Where to copy the state: a file, or an http(s):// state address.", valueName: "PATH|URL"))
    var destination: String

    @Flag(help: "Replace a destination state of another lineage, or of a newer serial.")
    var force = false

    @Option(name: .customLong("lock-timeout"), help: ArgumentHelp("How long to wait for each lock, as 30s or 5m.", valueName: "DURATION"))
    var lockTimeout: LockTimeout = .zero

    func run(in context: CommandContext) async -> Int32 {
        let holder = LockHolder.current(command: "canvasctl state migrate")
        let source: any StateSession
        let sourceLocation: String
        do throws(StateError) {
            let backend = try options.backend(manifestPath: path, environment: context.environment)
            sourceLocation = backend.location
            source = try await backend.open(holder: holder, lockTimeout: lockTimeout.duration, now: context.now) { _ in }
        } catch {
            context.console.err("error: \(error)")
            return 1
        }
        let code: Int32
        do throws(StateError) {
            let target = try StateLocation.backend(for: destination, environment: context.environment, allowInsecureHTTP: false)
            guard target.location != sourceLocation else {
                throw StateError.usage("the destination \(target.location) is the state itself; nothing was changed")
            }
            let session = try await target.open(holder: holder, lockTimeout: lockTimeout.duration, now: context.now) { _ in }
            code = await StatePushCommand.push(source.snapshot, from: sourceLocation, into: session, location: target.location, force: force, context: context)
            await session.close()
        } catch {
            context.console.err("error: \(error)")
            code = 1
        }
        await source.close()
        return code
    }
}

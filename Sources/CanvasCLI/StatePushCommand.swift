import ArgumentParser
import FileSupport
import StateStore

/// `canvasctl state push FILE`: replaces the state with a state file's contents, under its lock.
struct StatePushCommand: CanvasctlCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Replace the state with the contents of a state file.",
        discussion: """
            Takes the state's lock, and replaces every record with FILE's (as `state pull` prints \
            them). Refused, unless --force, when FILE is of another lineage than the stored state \
            (another estate's state) or of an older serial (a copy from before later applies): \
            either would make the next plan delete or forget what the newer state knows.

            Examples:
              canvasctl state push backup.state.json --state prod.state.json
              canvasctl state push canvasctl.state.json --state https://gitlab.example.com/api/v4/projects/7/terraform/state/prod
            """
    )

    @Argument(help: ArgumentHelp("The state file to push.", valueName: "FILE"))
    var file: String

    @OptionGroup var options: StateOptions

    @Flag(help: "Push a state of another lineage, or of an older serial, anyway.")
    var force = false

    @OptionGroup var lockTimeout: LockTimeoutOption

    func run(in context: CommandContext) async -> Int32 {
        do throws(StateError) {
            let read: [UInt8]?
            do throws(FileSystem.Failure) {
                read = try FileSystem.contents(of: file)
            } catch {
                throw StateError.usage("cannot read \(file): \(error.reason)")
            }
            guard let bytes = read else { throw StateError.usage("there is no file \(file) to push") }
            let pushed = try StateSnapshot.parsed(bytes, location: file)
            let backend = try options.backend(manifestPath: nil, environment: context.environment)
            let session = try await backend.open(
                holder: LockHolder.current(command: "canvasctl state push"), lockTimeout: lockTimeout.duration, now: context.now
            ) { _ in }
            let code = await Self.push(pushed, from: file, into: session, location: backend.location, force: force, context: context)
            await session.close()
            return code
        } catch {
            context.console.err("error: \(error)")
            return 1
        }
    }

    /// Replaces `session`'s state with `pushed` when its lineage and serial allow (or `force`),
    /// and commits; the exit code.
    static func push(
        _ pushed: StateSnapshot, from source: String, into session: any StateSession, location: String, force: Bool, context: CommandContext
    ) async -> Int32 {
        let stored = session.snapshot
        let hasStored = !stored.records.isEmpty || stored.serial > 0
        if hasStored, !force {
            if pushed.lineage != stored.lineage {
                context.console.err(
                    "error: \(source) is of another lineage (\(pushed.lineage)) than the state at \(location) (\(stored.lineage)): "
                        + "it is another estate's state, or one made anew; nothing was changed. Give --force to replace it anyway."
                )
                return 1
            }
            if pushed.serial < stored.serial {
                context.console.err(
                    "error: \(source) has serial \(pushed.serial), older than the state at \(location) (serial \(stored.serial)): "
                        + "it misses later applies; nothing was changed. Give --force to replace it anyway."
                )
                return 1
            }
        }
        do throws(StateError) {
            try await session.replace(with: pushed)
            try await session.commit()
        } catch {
            context.console.err("error: \(error)")
            return 1
        }
        let count = pushed.records.count
        context.console.out("Pushed \(count) record\(count == 1 ? "" : "s") from \(source) to \(location) (serial \(session.snapshot.serial)).")
        return 0
    }
}

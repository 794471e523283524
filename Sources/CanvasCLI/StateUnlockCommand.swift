import ArgumentParser
import Foundation
import SafeText
import StateStore

/// `canvasctl state unlock`: removes a lock that no run holds, saying whose it was.
struct StateUnlockCommand: CanvasctlCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Remove a lock that no run holds.",
        discussion: """
            The state's lock is the operating system's, held by the run for as long as it runs: \
            it goes when the run ends, however it ends (a kill, a crash, a cancelled CI job), and \
            the next run proceeds on its own. This removes a lock file that no running process \
            holds (left by an older canvasctl, or on a file system without OS locks) and prints \
            the holder it names; a lock a running process holds is refused (exit 1): stop that \
            run instead. The changes a killed run recorded are in the state's journal and are \
            kept: the next plan or apply reads them.

            A PostgreSQL state's lock is held by the run's connection, and goes with it in the \
            same way: this says who holds it, or removes the holder's details a run left.

            A state on an HTTP state server keeps its lock until it is unlocked, also when the run \
            that took it was killed: give the lock's ID, which the refusal names (as \
            `terraform force-unlock` takes it).

            Examples:
              canvasctl state unlock manifests/
              canvasctl state unlock --state prod.state.json
              canvasctl state unlock 0f1e2d3c-… --state https://gitlab.example.com/api/v4/projects/7/terraform/state/prod
            """
    )

    @Argument(help: ArgumentHelp(
        "A manifest file or directory, the state being the one beside it; for a state on an HTTP state server, the LOCK_ID its refusal named.",
        valueName: "PATH|LOCK_ID"
    ))
    var path: String?

    @OptionGroup var options: StateOptions

    func run(in context: CommandContext) async -> Int32 {
        let named = options.path(manifestPath: nil, environment: context.environment)
        // For a state on a server the argument is the lock's ID; otherwise a manifest path.
        let remote = StateLocation.isURL(named)
        do throws(StateError) {
            let backend = try options.backend(manifestPath: remote ? nil : path, environment: context.environment)
            let statePath = backend.location
            switch try await backend.forceUnlock(lockID: remote ? path : nil) {
            case .none:
                context.console.out("\(statePath) is not locked.")
            case .stale(let holder?):
                context.console.out(
                    "Removed the lock left by `\(PrintableText.escaped(holder.command))` (pid \(holder.pid) on host "
                        + "\(PrintableText.escaped(holder.host)), user \(PrintableText.escaped(holder.user)), since \(holder.startedAt)) on "
                        + "\(statePath); no run held it."
                )
            case .stale(nil):
                context.console.out("Removed a lock that named no holder on \(statePath); no run held it.")
            case .released(let id):
                context.console.out("Released the lock \(PrintableText.escaped(id)) on \(statePath).")
            case .held(let holder):
                let who = holder.map {
                    "`\(PrintableText.escaped($0.command))` (pid \($0.pid) on host \(PrintableText.escaped($0.host)), user \(PrintableText.escaped($0.user)))"
                } ?? "a run that is starting"
                context.console.err(
                    "error: \(statePath) is locked by \(who), which is still running: its lock goes when it ends, "
                        + "however it ends. Stop that run instead; nothing was changed."
                )
                return 1
            }
            return 0
        } catch {
            context.console.err("error: \(error)")
            return 1
        }
    }
}

import ArgumentParser
import Foundation
import SafeText
import StateStore

/// `canvasctl state unlock`: removes a lock file that no run holds, saying whose it was.
struct StateUnlockCommand: CanvasctlCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Remove a lock file that no run holds.",
        discussion: """
            The state's lock is the operating system's, held by the run for as long as it runs: \
            it goes when the run ends, however it ends (a kill, a crash, a cancelled CI job), and \
            the next run proceeds on its own. This removes a lock file that no running process \
            holds (left by an older canvasctl, or on a file system without OS locks) and prints \
            the holder it names; a lock a running process holds is refused (exit 1): stop that \
            run instead. The changes a killed run recorded are in the state's journal and are \
            kept: the next plan or apply reads them.

            Examples:
              canvasctl state unlock manifests/
              canvasctl state unlock --state prod.state.json
            """
    )

    @Argument(help: ArgumentHelp("A manifest file or directory; the state is the one beside it.", valueName: "PATH"))
    var path: String?

    @OptionGroup var options: StateOptions

    func run(in context: CommandContext) async -> Int32 {
        let statePath = options.path(manifestPath: path, environment: context.environment)
        do throws(StateError) {
            switch try StateFile.forceUnlock(path: statePath) {
            case .none:
                context.console.out("\(statePath) is not locked.")
            case .stale(let holder?):
                context.console.out(
                    "Removed the lock file left by `\(PrintableText.escaped(holder.command))` (pid \(holder.pid) on host "
                        + "\(PrintableText.escaped(holder.host)), user \(PrintableText.escaped(holder.user)), since \(holder.startedAt)) on "
                        + "\(statePath); no run held it."
                )
            case .stale(nil):
                context.console.out("Removed a lock file that named no holder on \(statePath); no run held it.")
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

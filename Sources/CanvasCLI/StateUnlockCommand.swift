import ArgumentParser
import Foundation
import SafeText
import StateStore

/// `canvasctl state unlock`: removes the lock a killed run left on the state, saying whose it was.
struct StateUnlockCommand: CanvasctlCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Remove the lock a killed run left on the state.",
        discussion: """
            Only for a lock whose run is gone: removing the lock of a run still going lets two \
            runs write the same state. The lock names its holder (command, pid, host, user, start \
            time); this prints it. The changes the killed run recorded are in the state's journal \
            and are kept: the next plan or apply reads them.

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
        guard FileManager.default.fileExists(atPath: statePath + ".lock") else {
            context.console.out("\(statePath) is not locked.")
            return 0
        }
        do throws(StateError) {
            switch try StateFile.forceUnlock(path: statePath) {
            case let holder?:
                context.console.out(
                    "Removed the lock of `\(PrintableText.escaped(holder.command))` (pid \(holder.pid) on host "
                        + "\(PrintableText.escaped(holder.host)), user \(PrintableText.escaped(holder.user)), since \(holder.startedAt)) on \(statePath)."
                )
            case nil:
                context.console.out("Removed a lock that named no holder on \(statePath).")
            }
            return 0
        } catch {
            context.console.err("error: \(error)")
            return 1
        }
    }
}

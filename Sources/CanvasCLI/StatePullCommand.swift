import ArgumentParser
import StateStore

/// `canvasctl state pull`: prints the state's JSON, from whichever backend holds it.
struct StatePullCommand: CanvasctlCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Print the state's JSON.",
        discussion: """
            Reads the state (a file, or an HTTP state server) without locking it and prints it as \
            its file holds it. It holds ids, names and keyed fingerprints, never a secret.

            Examples:
              canvasctl state pull manifests/ > backup.state.json
              canvasctl state pull --state https://gitlab.example.com/api/v4/projects/7/terraform/state/prod
            """
    )

    @Argument(help: ArgumentHelp("A manifest file or directory; the state is the one beside it.", valueName: "PATH"))
    var path: String?

    @OptionGroup var options: StateOptions

    func run(in context: CommandContext) async -> Int32 {
        do throws(StateError) {
            let snapshot = try await options.backend(manifestPath: path, environment: context.environment).read()
            context.console.raw(String(decoding: snapshot.fileText, as: UTF8.self))
            return 0
        } catch {
            context.console.err("error: \(error)")
            return 1
        }
    }
}

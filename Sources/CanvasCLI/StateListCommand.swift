import ArgumentParser
import CanvasProvider
import JSONSupport
import SafeText
import StateStore

/// `canvasctl state list`: the managed resources the state records, one per line.
struct StateListCommand: CanvasctlCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the resources the state records: address, live id, account, name.",
        discussion: """
            Reads the state without taking its lock and without connecting to Canvas. The account \
            is (own) for the API keys' own account.

            Examples:
              canvasctl state list manifests/
              CANVAS_STATE=prod.state.json canvasctl state list
            """
    )

    @Argument(help: ArgumentHelp("A manifest file or directory; the state is the one beside it.", valueName: "PATH"))
    var path: String?

    @OptionGroup var options: StateOptions

    func run(in context: CommandContext) async -> Int32 {
        let snapshot: StateSnapshot
        let statePath: String
        do throws(StateError) {
            let backend = try options.backend(manifestPath: path, environment: context.environment)
            statePath = backend.location
            snapshot = try await backend.read()
        } catch {
            context.console.err("error: \(error)")
            return 1
        }
        guard !snapshot.records.isEmpty else {
            context.console.out("\(statePath) records no resources.")
            return 0
        }
        // Canvas's records by their address, as plans name them; another provider's by their key.
        let rows = snapshot.records.keys.sorted().map { key -> [String] in
            let record = snapshot.records[key]!
            let name: String = if case .string(let text)? = record.attribute("name") { text } else { "" }
            let address = record.provider == CanvasPlanner.stateProvider ? record.address : key
            return [PrintableText.escaped(address), PrintableText.escaped(record.id), PrintableText.escaped(record.scope ?? "(own)"), PrintableText.escaped(name)]
        }
        let header = ["ADDRESS", "ID", "ACCOUNT", "NAME"]
        let widths = (0..<header.count).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for row in [header] + rows {
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }
            context.console.out(cells.joined(separator: "  ").trimmingTrailingSpaces())
        }
        return 0
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}

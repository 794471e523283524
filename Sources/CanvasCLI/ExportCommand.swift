import ArgumentParser
import CanvasAPI
import CanvasOperations
import CanvasProvider
import SafeText

/// `canvasctl export --out DIR`: writes a manifest set from live accounts and adopts what it wrote
/// in the state, so that `canvasctl plan DIR` has no changes once the credentials are set. The way
/// onto canvasctl for an estate built by hand.
struct ExportCommand: CanvasctlCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write manifests from live Canvas accounts, and adopt what they describe.",
        discussion: """
            Writes one file per account into DIR (own-account.yaml for the keys' own account, \
            account-<first 8 of its id>.yaml for a managed one): its registered applications and \
            its workflows, with keys made from their names, their template and slots, schedules \
            and descriptions. The resources written are recorded in the state (DIR/canvasctl.state.json \
            unless --state) as adopted, so that canvasctl plan DIR finds them.

            What Canvas does not let anyone read is written so that you see it: credentials as \
            ${env:KEY_FIELD} placeholders, listed at the end (set them to the current values; the \
            first apply records them without sending them); workflow variables and chain \
            settings as their template's defaults, under a `review:` comment. Workflows that \
            cannot be managed (not made from a template) are left out and listed.

            Existing files are never overwritten without --force; with --force, state records of \
            the exported accounts that the new files do not name are dropped (those resources \
            become unmanaged: nothing is ever deleted by an export). A directory that holds other \
            manifests is refused, with or without --force: plan would read them beside the export.

            Examples:
              canvasctl export --out manifests/
              canvasctl export --out manifests/ --account be4f3f1e-0e6d-4f68-b8d8-546163c5dfad --account own
              canvasctl export --out manifests/ --force
            """
    )

    @Option(name: .customLong("out"), help: ArgumentHelp("The directory to write the manifests into (created when missing).", valueName: "DIR"))
    var out: String

    @Option(
        name: .customLong("account"),
        help: ArgumentHelp(
            "An account to export, by id, or `own` for the keys' own account; repeat for several (default: $CANVAS_MANAGED_ACCOUNT_ID, else own).",
            valueName: "ID"
        )
    )
    var accounts: [String] = []

    @Flag(help: "Overwrite files export wrote before (hand edits in them are lost) and re-adopt.")
    var force = false

    @Option(help: ArgumentHelp("The state file (default: canvasctl.state.json in DIR).", valueName: "FILE"))
    var state: String?

    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        for account in accounts where account != "own" && CanvasID(account) == nil {
            throw ValidationError("--account takes an account id (a GUID such as be4f3f1e-0e6d-4f68-b8d8-546163c5dfad) or `own`; '\(account)' is neither.")
        }
    }

    func run(in context: CommandContext) async -> Int32 {
        let request = ExportRequest(
            directory: out, accounts: accounts, force: force, state: state, connection: connection.settings,
            environment: context.environment, now: context.now
        )
        let result: ExportResult
        do throws(OperationError) {
            result = try await Operations.export(request)
        } catch {
            DiagnosticPrinter(context: context).print(error)
            return 1
        }
        report(result, context: context)
        return 0
    }

    /// What was written and adopted, and what is left to do: the credentials to set, the workflows
    /// to review, what was left out; export's warnings on stderr.
    private func report(_ result: ExportResult, context: CommandContext) {
        let export = result.export, targets = result.files, statePath = result.statePath
        let adopted = result.adopted, accounts = result.accounts
        let console = context.console
        let applications = export.adopted.keys.filter { $0.hasPrefix("application.") }.count
        let workflows = export.adopted.count - applications
        console.out("Exported \(applications) application\(applications == 1 ? "" : "s") and \(workflows) workflow\(workflows == 1 ? "" : "s") "
            + "from \(accounts) account\(accounts == 1 ? "" : "s"):")
        for target in targets { console.out("  \(target)") }
        console.out("Adopted \(adopted) resource\(adopted == 1 ? "" : "s") in \(statePath): canvasctl manages them from now on.")
        if !export.placeholders.isEmpty {
            console.out("")
            console.out("Set these environment variables to their current values (Canvas cannot show credentials, and names or")
            console.out("descriptions the state records as secrets are not written out); the first apply records them without sending them:")
            let width = export.placeholders.map(\.variable.count).max() ?? 0
            for placeholder in export.placeholders {
                let choices = placeholder.choices.isEmpty ? "" : " (one of \(placeholder.choices.joined(separator: ", ")))"
                console.out("  " + placeholder.variable + String(repeating: " ", count: width - placeholder.variable.count)
                    + "  \(placeholder.address) " + PrintableText.escaped(placeholder.field + choices))
            }
        }
        if !export.reviews.isEmpty {
            console.out("")
            console.out("Review the variables and chain settings of \(export.reviews.count) workflow\(export.reviews.count == 1 ? "" : "s") "
                + "(written from their template's defaults, under a review: comment):")
            console.out("  " + export.reviews.joined(separator: ", "))
        }
        if !export.skipped.isEmpty {
            console.out("")
            console.out("Left out, so unmanaged and never touched: \(export.skipped.count)")
            for skipped in export.skipped {
                let name = skipped.name.map { "\"\(PrintableText.escaped($0))\"" } ?? "(sensitive)"
                console.out("  \(skipped.kind) \(name) (\(skipped.id)): \(PrintableText.escaped(skipped.reason))")
            }
        }
        for warning in export.warnings { console.err("warning: \(PrintableText.escaped(warning))") }
    }
}

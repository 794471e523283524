import ArgumentParser
import CanvasAPI
import CanvasProvider
import FileSupport
import Foundation
import Manifest
import SafeText
import StateStore

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

    /// The accounts to export: nil stands for the keys' own account.
    func chosenAccounts(environment: [String: String]) -> [CanvasID?] {
        var chosen: [CanvasID?] = []
        let given = accounts.isEmpty ? [environment["CANVAS_MANAGED_ACCOUNT_ID"].flatMap { $0.isEmpty ? nil : $0 } ?? "own"] : accounts
        for text in given {
            let id = text == "own" ? nil : CanvasID(text)
            if !chosen.contains(id) { chosen.append(id) }
        }
        return chosen
    }

    func run(in context: CommandContext) async -> Int32 {
        let environment = context.environment
        if let managed = environment["CANVAS_MANAGED_ACCOUNT_ID"], !managed.isEmpty, accounts.isEmpty, CanvasID(managed) == nil {
            context.console.err("error: CANVAS_MANAGED_ACCOUNT_ID must be a GUID such as be4f3f1e-0e6d-4f68-b8d8-546163c5dfad")
            return 1
        }
        let chosen = chosenAccounts(environment: environment)
        let directory = out.hasSuffix("/") && out.count > 1 ? String(out.dropLast()) : out
        let statePath = state ?? directory + "/canvasctl.state.json"

        let connected: Connection
        do throws(ConnectionError) {
            connected = try await connection.settings.connect(environment: environment)
        } catch {
            context.console.err("error: \(error.message)")
            return 1
        }
        let code = await export(chosen, directory: directory, statePath: statePath, connection: connected, context: context)
        await connected.close()
        return code
    }

    private func export(_ chosen: [CanvasID?], directory: String, statePath: String, connection: Connection, context: CommandContext) async -> Int32 {
        let client = connection.client
        // Read every account at once; the account list only names them in the files' headers.
        async let described = try? client.accounts()
        let reads = await PlanningSession.readEach(count: chosen.count) { index in
            try await LiveState.readAll(account: chosen[index], client: client)
        }
        let known = await described ?? []
        var inputs: [ManifestExporter.Account] = []
        for (index, account) in chosen.enumerated() {
            switch reads[index] {
            case .success(let live):
                inputs.append(ManifestExporter.Account(id: account, live: live, label: Self.label(account, known: known)))
            case .failure(let error):
                context.console.err("error: \(account.map { "account \($0)" } ?? "the keys' own account"): \(error)")
                return 1
            }
        }

        let targets = inputs.map { directory + "/" + $0.fileName }
        let foreign = Self.foreignManifests(in: directory)
        if !foreign.isEmpty {
            let listed = foreign.prefix(5).joined(separator: ", ") + (foreign.count > 5 ? ", …" : "")
            context.console.err(
                "error: \(directory) already holds manifests that export does not write (\(listed)); nothing was written. "
                    + "`canvasctl plan \(directory)` would read them beside the export, and what both describe would be defined twice. "
                    + "Export into an empty directory, or into one an earlier export made (with --force)."
            )
            return 1
        }
        if !force {
            let existing = (targets + [statePath]).filter { FileManager.default.fileExists(atPath: $0) }
            if !existing.isEmpty {
                context.console.err(
                    "error: \(existing.joined(separator: ", ")) already exist\(existing.count == 1 ? "s" : ""); nothing was written. "
                        + "Export into another directory, or give --force to overwrite (hand edits in those files are lost)."
                )
                return 1
            }
        }

        // The state is locked before anything is written (the directory, created readable by its
        // owner only, first: the manifests name accounts, ids and what runs where).
        do throws(FileSystem.Failure) {
            try FileSystem.createDirectory(directory)
        } catch {
            context.console.err("error: cannot create \(directory): \(error.reason)")
            return 1
        }
        let stateFile: any StateSession
        do throws(StateError) {
            let backend = try StateLocation.backend(for: statePath, environment: context.environment, allowInsecureHTTP: self.connection.allowInsecureHTTP)
            stateFile = try await backend.open(holder: LockHolder.current(command: "canvasctl export"), lockTimeout: .zero, now: Date.init) { _ in }
        } catch {
            context.console.err("error: \(error)")
            return 1
        }
        let code = await writeAndAdopt(
            inputs, chosen: chosen, targets: targets, directory: directory, statePath: statePath, state: stateFile,
            connection: connection, context: context
        )
        await stateFile.close()
        return code
    }

    /// Export's part under the state's lock: the files written, and what they describe adopted.
    private func writeAndAdopt(
        _ accountInputs: [ManifestExporter.Account], chosen: [CanvasID?], targets: [String], directory: String, statePath: String,
        state stateFile: any StateSession, connection: Connection, context: CommandContext
    ) async -> Int32 {
        // The names and descriptions the state records as taken from a secret are written as
        // placeholders: the live text is that secret.
        var inputs = accountInputs
        var secretFields: [CanvasID: Set<String>] = [:]
        for record in stateFile.snapshot.records.values {
            guard let id = CanvasID(record.id) else { continue }
            for field in ["name", "description"] where record.fingerprints[field] != nil { secretFields[id, default: []].insert(field) }
        }
        for index in inputs.indices { inputs[index].secretFields = secretFields }

        let export = ManifestExporter().export(inputs, generatedOn: String(ISO8601DateFormatter().string(from: context.now()).prefix(10)))

        // What was written must read back, and resolve, before anything is put in place.
        let desired: DesiredState
        do {
            desired = try await Self.readBack(export, live: inputs, environment: context.environment)
        } catch {
            context.console.err("error: the manifests export made do not read back, so none was written (this is a canvasctl bug; please report it): \(error)")
            return 1
        }

        do throws(FileSystem.Failure) {
            for (file, path) in zip(export.files, targets) {
                try FileSystem.replace(path, with: Array(file.text.utf8))
            }
        } catch {
            context.console.err("error: cannot write the manifests into \(directory): \(error.reason)")
            return 1
        }

        let adopted = CanvasAdoption(fingerprinter: connection.fingerprinter).records(
            desired: desired, adopted: export.adopted, appliedAt: ISO8601DateFormatter().string(from: context.now())
        )
        do throws(StateError) {
            if force {
                let exportedAccounts = Set(chosen.map { $0?.rawValue })
                let kept = Set(adopted.map(\.key))
                for (key, record) in stateFile.snapshot.records
                where record.provider == CanvasPlanner.stateProvider && exportedAccounts.contains(record.scope) && !kept.contains(key) {
                    try await stateFile.remove(key: key)
                }
            }
            for record in adopted { try await stateFile.record(record) }
            try await stateFile.commit()
        } catch {
            context.console.err("error: the manifests are written, but the state is not: \(error)")
            return 1
        }

        report(export, targets: targets, statePath: statePath, adopted: adopted.count, accounts: chosen.count, context: context)
        return 0
    }

    /// The manifest files under `directory` (as `plan DIR` would read them) that export would not
    /// have written: anything but `own-account.yaml` and `account-<8 hex digits>.yaml` at its top.
    static func foreignManifests(in directory: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            guard ["yaml", "yml"].contains((name as NSString).pathExtension.lowercased()) else { continue }
            if !relative.contains("/"), isExportFileName(name) { continue }
            found.append(relative)
        }
        return found.sorted()
    }

    private static func isExportFileName(_ name: String) -> Bool {
        if name == "own-account.yaml" { return true }
        guard name.hasPrefix("account-"), name.hasSuffix(".yaml") else { return false }
        let digits = name.dropFirst("account-".count).dropLast(".yaml".count)
        return digits.count == 8 && digits.allSatisfy(\.isHexDigit)
    }

    /// Loads the export from a scratch directory with placeholder credentials, and resolves it.
    static func readBack(_ export: ManifestExport, live inputs: [ManifestExporter.Account], environment: [String: String]) async throws -> DesiredState {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("canvasctl-export-\(UUID().uuidString)").path
        try FileSystem.createDirectory(scratch)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for file in export.files {
            try FileSystem.replace(scratch + "/" + file.name, with: Array(file.text.utf8), durable: false)
        }
        var placeholders = environment
        for placeholder in export.placeholders {
            placeholders[placeholder.variable] = placeholder.liveValue ?? placeholder.choices.first ?? "exported-placeholder"
        }
        let set = try await ManifestLoader(environment: placeholders).load([scratch])
        var live: [String?: LiveState] = [:]
        for input in inputs { live[input.id?.rawValue] = input.live }
        return try DesiredStateResolver.resolve(set, live: live)
    }

    static func label(_ account: CanvasID?, known: [Account]) -> String {
        guard let account else { return "the API keys' own account" }
        guard let found = known.first(where: { $0.id == account }) else { return "account \(account)" }
        let person = [found.firstName, found.lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        let details = [person, found.organizationName ?? ""].filter { !$0.isEmpty }.joined(separator: ", ")
        return details.isEmpty ? "account \(account)" : "account \(account) (\(PrintableText.escaped(details)))"
    }

    private func report(_ export: ManifestExport, targets: [String], statePath: String, adopted: Int, accounts: Int, context: CommandContext) {
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

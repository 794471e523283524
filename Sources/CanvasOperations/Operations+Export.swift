import CanvasAPI
import CanvasProvider
import FileSupport
import Foundation
import Manifest
import SafeText
import StateStore

extension Operations {
    /// Writes a manifest set from live accounts and adopts what it wrote in the state, so that
    /// planning the directory has no changes once the credentials are set.
    ///
    /// Nothing is written when the directory holds manifests export did not write, or (without
    /// `force`) files it would overwrite; the files are read back and resolved before any is put in
    /// place; the state is locked before anything is written. Export never deletes: with `force`,
    /// records of the exported accounts the new files do not name are dropped, never resources.
    public static func export(
        _ request: ExportRequest, events: @escaping @Sendable (ExportEvent) -> Void = { _ in }
    ) async throws(OperationError) -> ExportResult {
        let chosen = try request.chosenAccounts()
        let connected: Connection
        do throws(ConnectionError) {
            connected = try await request.connection.connect(environment: request.environment)
        } catch {
            throw .failed(error.message)
        }
        do throws(OperationError) {
            let result = try await export(chosen, request: request, connection: connected, events: events)
            await connected.close()
            return result
        } catch {
            await connected.close()
            throw error
        }
    }

    private static func export(
        _ chosen: [CanvasID?], request: ExportRequest, connection: Connection, events: @Sendable (ExportEvent) -> Void
    ) async throws(OperationError) -> ExportResult {
        let client = connection.client
        let directory = request.trimmedDirectory
        let statePath = request.statePath
        // Read every account at once; the account list only names them in the files' headers.
        async let described = try? client.accounts()
        let reads = await LiveReads.each(count: chosen.count) { index in
            try await LiveState.readAll(account: chosen[index], client: client)
        }
        let known = await described ?? []
        var inputs: [ManifestExporter.Account] = []
        for (index, account) in chosen.enumerated() {
            switch reads[index] {
            case .success(let live):
                inputs.append(ManifestExporter.Account(id: account, live: live, label: label(account, known: known)))
            case .failure(let error):
                throw .failed("\(account.map { "account \($0)" } ?? "the keys' own account"): \(error)")
            }
        }
        events(.accountsRead(inputs.count))

        let targets = inputs.map { directory + "/" + $0.fileName }
        let foreign = foreignManifests(in: directory)
        if !foreign.isEmpty {
            let listed = foreign.prefix(5).joined(separator: ", ") + (foreign.count > 5 ? ", …" : "")
            throw .failed(
                "\(directory) already holds manifests that export does not write (\(listed)); nothing was written. "
                    + "`canvasctl plan \(directory)` would read them beside the export, and what both describe would be defined twice. "
                    + "Export into an empty directory, or into one an earlier export made (with --force)."
            )
        }
        if !request.force {
            let existing = (targets + [statePath]).filter { FileManager.default.fileExists(atPath: $0) }
            if !existing.isEmpty {
                throw .failed(
                    "\(existing.joined(separator: ", ")) already exist\(existing.count == 1 ? "s" : ""); nothing was written. "
                        + "Export into another directory, or give --force to overwrite (hand edits in those files are lost)."
                )
            }
        }

        // The state is locked before anything is written (the directory, created readable by its
        // owner only, first: the manifests name accounts, ids and what runs where).
        do throws(FileSystem.Failure) {
            try FileSystem.createDirectory(directory)
        } catch {
            throw .failed("cannot create \(directory): \(error.reason)")
        }
        let stateFile: any StateSession
        do throws(StateError) {
            let backend = try StateLocation.backend(for: statePath, environment: request.environment, allowInsecureHTTP: request.connection.allowInsecureHTTP)
            stateFile = try await backend.open(holder: LockHolder.current(command: "canvasctl export"), lockTimeout: .zero, now: Date.init) { _ in }
        } catch {
            throw .failed("\(error)")
        }
        do throws(OperationError) {
            let adopted = try await writeAndAdopt(
                inputs, chosen: chosen, targets: targets, directory: directory, request: request, state: stateFile,
                connection: connection, events: events
            )
            await stateFile.close()
            return ExportResult(export: adopted.export, files: targets, statePath: statePath, adopted: adopted.count, accounts: chosen.count)
        } catch {
            await stateFile.close()
            throw error
        }
    }

    /// Export's part under the state's lock: the files written, and what they describe adopted.
    private static func writeAndAdopt(
        _ accountInputs: [ManifestExporter.Account], chosen: [CanvasID?], targets: [String], directory: String, request: ExportRequest,
        state stateFile: any StateSession, connection: Connection, events: @Sendable (ExportEvent) -> Void
    ) async throws(OperationError) -> (export: ManifestExport, count: Int) {
        // The names and descriptions the state records as taken from a secret are written as
        // placeholders: the live text is that secret.
        var inputs = accountInputs
        var secretFields: [CanvasID: Set<String>] = [:]
        for record in stateFile.snapshot.records.values {
            guard let id = CanvasID(record.id) else { continue }
            for field in ["name", "description"] where record.fingerprints[field] != nil { secretFields[id, default: []].insert(field) }
        }
        for index in inputs.indices { inputs[index].secretFields = secretFields }

        let export = ManifestExporter().export(inputs, generatedOn: String(ISO8601DateFormatter().string(from: request.now()).prefix(10)))

        // What was written must read back, and resolve, before anything is put in place.
        let desired: DesiredState
        do {
            desired = try await readBack(export, live: inputs, environment: request.environment)
        } catch {
            throw .failed("the manifests export made do not read back, so none was written (this is a canvasctl bug; please report it): \(error)")
        }

        do throws(FileSystem.Failure) {
            for (file, path) in zip(export.files, targets) {
                try FileSystem.replace(path, with: Array(file.text.utf8))
                events(.fileWritten(path))
            }
        } catch {
            throw .failed("cannot write the manifests into \(directory): \(error.reason)")
        }

        let adopted = CanvasAdoption(fingerprinter: connection.fingerprinter).records(
            desired: desired, adopted: export.adopted, appliedAt: ISO8601DateFormatter().string(from: request.now())
        )
        do throws(StateError) {
            if request.force {
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
            throw .failed("the manifests are written, but the state is not: \(error)")
        }
        events(.adopted(adopted.count))
        return (export, adopted.count)
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
    private static func readBack(
        _ export: ManifestExport, live inputs: [ManifestExporter.Account], environment: [String: String]
    ) async throws -> DesiredState {
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

    /// How a file's header names an account: its id, with the person and organisation when the
    /// account list shows them.
    private static func label(_ account: CanvasID?, known: [Account]) -> String {
        guard let account else { return "the API keys' own account" }
        guard let found = known.first(where: { $0.id == account }) else { return "account \(account)" }
        let person = [found.firstName, found.lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        let details = [person, found.organizationName ?? ""].filter { !$0.isEmpty }.joined(separator: ", ")
        return details.isEmpty ? "account \(account)" : "account \(account) (\(PrintableText.escaped(details)))"
    }
}

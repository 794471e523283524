import CanvasAPI
import CanvasProvider
import Manifest
import SafeText

/// Reading live accounts, as `plan`, `apply` and `export` do: every account at once, and failures
/// reported in a fixed order, so that a run is repeatable.
enum LiveReads {
    /// The id to read an account as: the default account for documents without `account:`; nil
    /// when the text is not an id (reported when the accounts are read).
    static func accountID(_ account: String?, defaultAccount: CanvasID?) -> CanvasID?? {
        guard let account else { return .some(defaultAccount) }
        return CanvasID(account).map { .some($0) }
    }

    /// Reads every account at once (those of the set, and those only the state still names): the
    /// lists of each account (reusing a read already under way in `lists`), then the details of the
    /// templates its workflows use.
    static func liveState(
        of set: ManifestSet, accounts: [String?], lists: [String?: Task<LiveState, any Error>] = [:], client: CanvasClient,
        defaultAccount: CanvasID?
    ) async throws(OperationError) -> [String?: LiveState] {
        // Every account is checked before any read starts, so that a bad one leaves none running.
        var ids: [CanvasID?] = []
        for account in accounts {
            guard let id = accountID(account, defaultAccount: defaultAccount) else {
                throw .failed("account '\(PrintableText.escaped(account ?? ""))' is not a Canvas account id")
            }
            ids.append(id)
        }
        var reads: [(account: String?, list: Task<LiveState, any Error>, templates: Set<String>)] = []
        for (account, id) in zip(accounts, ids) {
            let list = lists[account] ?? Task { try await LiveState.readLists(account: id, client: client) }
            let templates = Set(set.workflows.filter { $0.account == account }.map(\.template.value))
            reads.append((account, list, templates))
        }
        let planned = reads
        let results = await each(count: planned.count) { index in
            try await planned[index].list.value.detailingTemplates(planned[index].templates, client: client)
        }
        var live: [String?: LiveState] = [:]
        // Errors are reported in the set's order of accounts, so that a run is repeatable.
        for (index, read) in reads.enumerated() {
            switch results[index] {
            case .success(let state): live[read.account] = state
            case .failure(let error): throw .failed(error.description)
            }
        }
        return live
    }

    /// Runs `read` for 0..<count at once and answers each result at its index.
    static func each(
        count: Int, _ read: @escaping @Sendable (Int) async throws -> LiveState
    ) async -> [Result<LiveState, CanvasAPIError>] {
        await withTaskGroup(of: AccountRead.self) { group in
            for index in 0..<count {
                group.addTask {
                    do {
                        return AccountRead(index: index, result: .success(try await read(index)))
                    } catch let error as CanvasAPIError {
                        return AccountRead(index: index, result: .failure(error))
                    } catch {
                        return AccountRead(index: index, result: .failure(CanvasAPIError(kind: .transport, endpoint: nil, status: nil, message: "\(error)")))
                    }
                }
            }
            var results = [Result<LiveState, CanvasAPIError>](
                repeating: .failure(CanvasAPIError(kind: .transport, endpoint: nil, status: nil, message: "not read")), count: count
            )
            for await read in group { results[read.index] = read.result }
            return results
        }
    }
}

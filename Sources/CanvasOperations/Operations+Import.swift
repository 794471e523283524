import CanvasAPI
import CanvasProvider
import Foundation
import Manifest
import StateStore

extension Operations {
    /// Adopts the live resource `importing.id` into `importing.address`, which the manifests at
    /// `importing.planning.paths` must declare (`import`): checks the address and the id, loads the
    /// manifests, connects, locks the state, reads the account the address is declared in, and
    /// records the resource (``CanvasImport``) so that the next plan compares it with its manifest.
    ///
    /// Refused, with nothing written, when the manifests do not declare the address, the state
    /// already records the address or the id, or the account has no resource of the address's
    /// kind with that id.
    public static func importResource(_ importing: ImportRequest) async throws(OperationError) -> ImportResult {
        let request = importing.planning
        let adoption: CanvasImport
        do throws(StateSurgery.Refusal) {
            adoption = try CanvasImport(address: importing.address, id: importing.id)
        } catch {
            throw .failed("\(error); nothing was changed")
        }
        let set: ManifestSet
        do throws(ManifestErrors) {
            set = try await request.inputs.loader(environment: request.environment).load(request.paths)
        } catch {
            throw .diagnostics(error.diagnostics)
        }
        let declaredAccount: String?
        let defaultAccount: CanvasID?
        do throws(StateSurgery.Refusal) {
            declaredAccount = try adoption.account(in: set)
        } catch {
            throw .failed("\(error); nothing was changed")
        }
        do throws(ConnectionError) {
            defaultAccount = try DefaultAccount.resolve(request.account, environment: request.environment)
        } catch {
            throw .failed(error.message)
        }
        guard let accountID = LiveReads.accountID(declaredAccount, defaultAccount: defaultAccount) else {
            throw .failed("account '\(declaredAccount ?? "")' is not a Canvas account id")
        }

        let connection: Connection
        do throws(ConnectionError) {
            connection = try await request.connection.connect(environment: request.environment).screening(set.secrets)
        } catch {
            throw .failed(error.message)
        }
        let backend: any StateBackend
        let session: any StateSession
        do throws(StateError) {
            backend = try StateLocation.backend(
                for: request.statePath, environment: request.environment, allowInsecureHTTP: request.connection.allowInsecureHTTP
            )
            session = try await backend.open(
                holder: LockHolder.current(command: request.command), lockTimeout: request.lockTimeout, now: Date.init
            ) { _ in }
        } catch {
            await connection.close()
            throw .failed("\(error)")
        }
        do throws(OperationError) {
            do throws(StateSurgery.Refusal) {
                try adoption.check(session.snapshot)
            } catch {
                throw .failed("\(error); nothing was changed")
            }
            let live: LiveState
            do throws(CanvasAPIError) {
                live = try await LiveState.readLists(account: accountID, client: connection.client)
            } catch {
                throw .failed(error.description)
            }
            let record: StateRecord
            do throws(StateSurgery.Refusal) {
                record = try adoption.record(
                    account: declaredAccount, live: live, appliedAt: ISO8601DateFormatter().string(from: importing.now())
                )
            } catch {
                throw .failed("\(error); nothing was changed")
            }
            do throws(StateError) {
                try await session.record(record)
                try await session.commit()
            } catch {
                throw .failed("\(error)")
            }
            await session.close()
            await connection.close()
            return ImportResult(address: adoption.address, id: adoption.id.rawValue, location: backend.location)
        } catch {
            await session.close()
            await connection.close()
            throw error
        }
    }
}

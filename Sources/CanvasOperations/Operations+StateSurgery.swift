import CanvasProvider
import Foundation
import StateStore

extension Operations {
    /// Forgets the resources at `addresses` (`state rm`): their records leave the state, and the
    /// resources stay in Canvas, unmanaged. Under the state's lock; when any address is refused
    /// (``StateSurgery/removing(_:from:)``), nothing is written.
    ///
    /// - Parameter state: the state's path or URL, as `--state` gives it.
    public static func removeFromState(
        _ addresses: [String], state: String, lockTimeout: Duration, environment: [String: String]
    ) async throws(OperationError) -> StateEditResult {
        try await editState(state, command: "canvasctl state rm", lockTimeout: lockTimeout, environment: environment) { snapshot throws(StateSurgery.Refusal) in
            let edit = try StateSurgery.removing(addresses, from: snapshot)
            return (edit.snapshot, edit.removed)
        }
    }

    /// Moves the record at `from` to the address `to` (`state mv`), under the state's lock; when
    /// refused (``StateSurgery/moving(_:to:in:)``), nothing is written.
    public static func moveInState(
        _ from: String, to: String, state: String, lockTimeout: Duration, environment: [String: String]
    ) async throws(OperationError) -> StateEditResult {
        try await editState(state, command: "canvasctl state mv", lockTimeout: lockTimeout, environment: environment) { snapshot throws(StateSurgery.Refusal) in
            let edit = try StateSurgery.moving(from, to: to, in: snapshot)
            return (edit.snapshot, [edit.moved])
        }
    }

    /// Opens and locks the state, works out its new snapshot with `change`, and stores that whole
    /// (one commit, whichever the backend); closes the state in every case.
    private static func editState(
        _ location: String, command: String, lockTimeout: Duration, environment: [String: String],
        _ change: (StateSnapshot) throws(StateSurgery.Refusal) -> (StateSnapshot, [StateRecord])
    ) async throws(OperationError) -> StateEditResult {
        let backend: any StateBackend
        let session: any StateSession
        do throws(StateError) {
            backend = try StateLocation.backend(for: location, environment: environment, allowInsecureHTTP: false)
            session = try await backend.open(holder: LockHolder.current(command: command), lockTimeout: lockTimeout, now: Date.init) { _ in }
        } catch {
            throw .failed("\(error)")
        }
        do throws(OperationError) {
            let edited: (StateSnapshot, [StateRecord])
            do throws(StateSurgery.Refusal) {
                edited = try change(session.snapshot)
            } catch {
                throw .failed("\(error); nothing was changed")
            }
            do throws(StateError) {
                try await session.replace(with: edited.0)
                try await session.commit()
            } catch {
                throw .failed("\(error)")
            }
            let result = StateEditResult(location: backend.location, records: edited.1, serial: session.snapshot.serial)
            await session.close()
            return result
        } catch {
            await session.close()
            throw error
        }
    }
}

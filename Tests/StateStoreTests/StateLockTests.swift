import Foundation
import StateStore
import Testing

/// One run at a time: the lock, what a second run is told, and clearing a lock deliberately.
struct StateLockTests {
    @Test func aSecondRunIsToldWhoHoldsTheLock() async throws {
        try await StateFixture.withStatePath { path in
            let first = try StateFile.open(path: path, holder: StateFixture.applyRun)
            let twoHoursLater = try Date("2026-11-27T12:05:00Z", strategy: .iso8601)
            let error = #expect(throws: StateError.self) {
                try StateFile.open(path: path, holder: StateFixture.laterRun, now: { twoHoursLater })
            }
            let description = error?.description ?? ""
            #expect(description.contains("`canvasctl apply`"))
            #expect(description.contains("pid 4242"))
            #expect(description.contains("host ci-7"))
            #expect(description.contains("user runner"))
            #expect(description.contains("since 2026-11-27T10:00:00Z (2h 5m ago)"))
            #expect(description.contains("canvasctl state unlock"))
            #expect(error?.isLocked == true)
            #expect(error?.lockHolder == StateFixture.applyRun)

            // Someone knows that run is gone and clears its lock.
            #expect(try StateFile.forceUnlock(path: path) == StateFixture.applyRun)
            let second = try StateFile.open(path: path, holder: StateFixture.laterRun)
            // The first run, still alive after all, leaves the new holder's lock alone.
            first.close()
            #expect(StateFixture.exists(path + ".lock"))
            second.close()
            #expect(!StateFixture.exists(path + ".lock"))
        }
    }

    @Test func unlockingAStateWithNoLockSaysSo() async throws {
        try await StateFixture.withStatePath { path throws in
            #expect(try StateFile.forceUnlock(path: path) == nil)
        }
    }

    @Test func aLockThatNamesNoOneIsStillALock() async throws {
        try await StateFixture.withStatePath { path in
            try "".write(toFile: path + ".lock", atomically: false, encoding: .utf8)
            let error = #expect(throws: StateError.self) {
                try StateFile.open(path: path, holder: StateFixture.applyRun)
            }
            #expect(error?.isLocked == true)
            #expect(error?.description.contains("names no holder") == true)
            #expect(try StateFile.forceUnlock(path: path) == nil)
            try StateFile.open(path: path, holder: StateFixture.applyRun).close()
        }
    }

    @Test func theCurrentProcessDescribesItself() {
        let holder = LockHolder.current(command: "canvasctl apply")
        #expect(holder.pid == ProcessInfo.processInfo.processIdentifier)
        #expect(holder.command == "canvasctl apply")
        #expect(!holder.host.isEmpty)
        #expect(!holder.user.isEmpty)
        #expect((try? Date(holder.startedAt, strategy: .iso8601)) != nil)
    }
}

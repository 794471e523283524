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
            #expect(description.contains("the lock goes when that run ends, however it ends: wait for it, or give --lock-timeout"))
            #expect(error?.isLocked == true)
            #expect(error?.lockHolder == StateFixture.applyRun)

            // A lock a live run holds cannot be cleared from outside.
            #expect(try StateFile.forceUnlock(path: path) == .held(StateFixture.applyRun))
            #expect(StateFixture.exists(path + ".lock"))
            first.close()
            #expect(!StateFixture.exists(path + ".lock"))
            let second = try StateFile.open(path: path, holder: StateFixture.laterRun)
            second.close()
            #expect(!StateFixture.exists(path + ".lock"))
        }
    }

    @Test func unlockingAStateWithNoLockSaysSo() async throws {
        try await StateFixture.withStatePath { path throws in
            #expect(try StateFile.forceUnlock(path: path) == .none)
        }
    }

    @Test func aLockFileNoRunHoldsIsTakenOver() async throws {
        try await StateFixture.withStatePath { path in
            // As an older canvasctl, or a killed run, leaves it: a holder, and no process holding it.
            let holder = #"{"command":"canvasctl apply","host":"ci-7","pid":4242,"startedAt":"2026-11-27T10:00:00Z","user":"runner"}"#
            try holder.write(toFile: path + ".lock", atomically: false, encoding: .utf8)
            let state = try StateFile.open(path: path, holder: StateFixture.laterRun)
            state.close()
            #expect(!StateFixture.exists(path + ".lock"))

            try holder.write(toFile: path + ".lock", atomically: false, encoding: .utf8)
            #expect(try StateFile.forceUnlock(path: path) == .stale(StateFixture.applyRun))
            #expect(!StateFixture.exists(path + ".lock"))
            try "".write(toFile: path + ".lock", atomically: false, encoding: .utf8)
            #expect(try StateFile.forceUnlock(path: path) == .stale(nil))
        }
    }

    @Test func aDroppedRunReleasesItsLockAsAKilledProcessWould() async throws {
        try await StateFixture.withStatePath { path in
            do {
                let dropped = try StateFile.open(path: path, holder: StateFixture.applyRun)
                try dropped.record(StateFixture.workflow("a"))
            }
            let next = try StateFile.open(path: path, holder: StateFixture.laterRun)
            #expect(next.recoveredEntries == 1)
            next.close()
        }
    }

    @Test func aRunWaitsUpToItsLockTimeout() async throws {
        try await StateFixture.withStatePath { path in
            let first = try StateFile.open(path: path, holder: StateFixture.applyRun)
            let started = ContinuousClock.now
            #expect(throws: StateError.self) {
                try StateFile.open(path: path, holder: StateFixture.laterRun, lockTimeout: .milliseconds(300))
            }
            #expect(ContinuousClock.now - started >= .milliseconds(300))

            let releaser = Thread { Thread.sleep(forTimeInterval: 0.3); first.close() }
            releaser.start()
            let second = try StateFile.open(path: path, holder: StateFixture.laterRun, lockTimeout: .seconds(30))
            #expect(ContinuousClock.now - started < .seconds(30))
            second.close()
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

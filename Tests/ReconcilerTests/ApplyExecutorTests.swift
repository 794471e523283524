import Reconciler
import Synchronization
import Testing

/// Carrying out a plan: parallel where it may, in order where it must, and a failure stops only
/// what depends on it.
struct ApplyExecutorTests {
    final class Journal: Sendable {
        let state = Mutex<(running: Int, peak: Int, finished: [PlanGraph.Step], startedAfter: [PlanGraph.Step: [PlanGraph.Step]], events: [ApplyExecutor.Event])>((0, 0, [], [:], []))
    }

    static func address(_ kind: String, _ key: String) -> ResourceAddress { ResourceAddress(kind: kind, key: key) }

    /// Ten applications, each used by two workflows.
    static let estate: [Change] = (0..<10).flatMap { index -> [Change] in
        let app = address("application", "a\(index)")
        return [
            Change(address: app, action: .create),
            Change(address: address("workflow", "w\(index)-1"), action: .create, dependencies: [app]),
            Change(address: address("workflow", "w\(index)-2"), action: .create, dependencies: [app]),
        ]
    }

    @Test("no more than `parallelism` steps at once, and each only after all it waits for")
    func orderAndParallelism() async throws {
        let graph = try PlanGraph(changes: Self.estate)
        let journal = Journal()
        let report = await ApplyExecutor(parallelism: 3).run(graph) { step, _ in
            journal.state.withLock { state in
                state.running += 1
                state.peak = max(state.peak, state.running)
                state.startedAfter[step] = state.finished
            }
            try await Task.sleep(for: .milliseconds(2))
            journal.state.withLock { state in
                state.running -= 1
                state.finished.append(step)
            }
        }
        #expect(report.isSuccess)
        #expect(report.succeeded.count == 30)
        let state = journal.state.withLock { $0 }
        #expect(state.peak == 3)
        for (step, prerequisites) in graph.prerequisites {
            #expect(prerequisites.isSubset(of: Set(state.startedAfter[step] ?? [])), "\(step) started before what it waits for")
        }
    }

    @Test("a failure skips what depends on it, names the cause, and lets the rest finish")
    func failure() async throws {
        let graph = try PlanGraph(changes: Self.estate)
        let failing = PlanGraph.Step(Self.address("application", "a3"), .apply)
        let journal = Journal()
        let report = await ApplyExecutor(parallelism: 4).run(graph, perform: { step, _ in
            if step == failing { throw TestFailure() }
        }, events: { event in
            journal.state.withLock { $0.events.append(event) }
        })
        #expect(report.failed == [failing: "HTTP 500: injected"])
        #expect(report.skipped == [
            PlanGraph.Step(Self.address("workflow", "w3-1"), .apply): failing,
            PlanGraph.Step(Self.address("workflow", "w3-2"), .apply): failing,
        ])
        #expect(report.succeeded.count == 27)
        let events = journal.state.withLock { $0.events }
        #expect(events.contains(.skipped(PlanGraph.Step(Self.address("workflow", "w3-1"), .apply), because: failing)))
        #expect(events.filter { if case .started = $0 { true } else { false } }.count == 28)
    }

    @Test("events come in an order that respects the graph: a step starts after what it waits for is reported done")
    func eventOrder() async throws {
        let graph = try PlanGraph(changes: Self.estate)
        let journal = Journal()
        let report = await ApplyExecutor(parallelism: 8).run(graph, perform: { _, _ in
            try await Task.sleep(for: .microseconds(Int.random(in: 0..<500)))
        }, events: { event in
            journal.state.withLock { $0.events.append(event) }
        })
        #expect(report.isSuccess)
        let events = journal.state.withLock { $0.events }
        var done = Set<PlanGraph.Step>()
        var started = 0
        for event in events {
            switch event {
            case .started(let step):
                started += 1
                #expect(graph.prerequisites[step, default: []].isSubset(of: done), "\(step) was reported started before what it waits for")
            case .succeeded(let step, _): done.insert(step)
            case .failed, .skipped: Issue.record("unexpected \(event)")
            }
        }
        #expect(started == 30)
        #expect(done.count == 30)
    }

    @Test("a group limit bounds each group's steps at once, and workers go on with other groups meanwhile")
    func groupLimit() async throws {
        // Twelve steps of group a come first in the ready order, then twelve of group b.
        let changes = (0..<24).map { index in
            Change(address: Self.address("item", index < 10 ? "0\(index)" : "\(index)"), action: .create, group: index < 12 ? "a" : "b")
        }
        let graph = try PlanGraph(changes: changes)
        final class Counts: Sendable {
            let state = Mutex<(running: [String: Int], peak: [String: Int], peakTotal: Int)>(([:], [:], 0))
        }
        let counts = Counts()
        let report = await ApplyExecutor(parallelism: 4, groupLimit: 2).run(graph) { _, change in
            let group = change.group ?? ""
            counts.state.withLock { state in
                state.running[group, default: 0] += 1
                state.peak[group] = max(state.peak[group] ?? 0, state.running[group]!)
                state.peakTotal = max(state.peakTotal, state.running.values.reduce(0, +))
            }
            try await Task.sleep(for: .milliseconds(3))
            counts.state.withLock { $0.running[group, default: 0] -= 1 }
        }
        #expect(report.isSuccess)
        #expect(report.succeeded.count == 24)
        let state = counts.state.withLock { $0 }
        #expect(state.peak == ["a": 2, "b": 2])
        #expect(state.peakTotal == 4, "while group a is full, workers take steps of group b")
    }

    @Test("a group whose limit is lowered holds no more workers than it allows; the others take the rest")
    func currentGroupLimit() async throws {
        // Group a's twelve steps come first in the ready order; its limit now is 1 of the 4 allowed.
        let changes = (0..<24).map { index in
            Change(address: Self.address("item", index < 10 ? "0\(index)" : "\(index)"), action: .create, group: index < 12 ? "a" : "b")
        }
        let graph = try PlanGraph(changes: changes)
        final class Counts: Sendable {
            let state = Mutex<(running: [String: Int], peak: [String: Int])>(([:], [:]))
        }
        let counts = Counts()
        let executor = ApplyExecutor(parallelism: 4, groupLimit: 4, currentGroupLimit: { $0.group == "a" ? 1 : 4 })
        let report = await executor.run(graph) { _, change in
            let group = change.group ?? ""
            counts.state.withLock { state in
                state.running[group, default: 0] += 1
                state.peak[group] = max(state.peak[group] ?? 0, state.running[group]!)
            }
            try await Task.sleep(for: .milliseconds(3))
            counts.state.withLock { $0.running[group, default: 0] -= 1 }
        }
        #expect(report.isSuccess)
        #expect(report.succeeded.count == 24)
        let peak = counts.state.withLock { $0.peak }
        #expect(peak["a"] == 1, "group a runs one at a time")
        #expect((peak["b"] ?? 0) >= 3, "group b gets the other workers meanwhile")
    }

    @Test("a stop lets the steps under way finish and starts no other; the rest are reported not started")
    func stop() async throws {
        let graph = try PlanGraph(changes: Self.estate)
        final class Flag: Sendable { let value = Mutex(false) }
        let stop = Flag()
        let journal = Journal()
        let report = await ApplyExecutor(parallelism: 3).run(graph, stopRequested: { stop.value.withLock { $0 } }, perform: { step, _ in
            try await Task.sleep(for: .milliseconds(5))
            journal.state.withLock { $0.finished.append(step) }
        }, events: { event in
            // The stop is asked for as the third step starts (the executor reports starts in order).
            let started = journal.state.withLock { state in
                state.events.append(event)
                return state.events.filter { if case .started = $0 { true } else { false } }.count
            }
            if started == 3 { stop.value.withLock { $0 = true } }
        })
        let ran = journal.state.withLock { $0.finished }
        #expect(ran.count == 3, "the three steps under way finish: \(ran)")
        #expect(Set(report.succeeded) == Set(ran))
        #expect(report.notStarted.count == 27)
        #expect(Set(report.notStarted).isDisjoint(with: ran))
        #expect(!report.isSuccess)
    }

    @Test("a stop during a replace still finishes it: its users are repointed and the old instance deleted; nothing else starts")
    func stopFinishesReplace() async throws {
        let application = Self.address("application", "a")
        let changes = [
            Change(address: application, action: .replace, id: "old"),
            Change(address: Self.address("workflow", "w"), action: .update, id: "w", dependencies: [application]),
            Change(address: Self.address("workflow", "x"), action: .create),
        ]
        let graph = try PlanGraph(changes: changes)
        final class Flag: Sendable { let value = Mutex(false) }
        let stop = Flag()
        let journal = Journal()
        let report = await ApplyExecutor(parallelism: 1).run(graph, stopRequested: { stop.value.withLock { $0 } }, perform: { step, _ in
            journal.state.withLock { $0.finished.append(step) }
        }, events: { event in
            if case .started(let step) = event, step == PlanGraph.Step(application, .apply) { stop.value.withLock { $0 = true } }
        })
        #expect(journal.state.withLock { $0.finished } == [
            PlanGraph.Step(application, .apply), PlanGraph.Step(Self.address("workflow", "w"), .apply), PlanGraph.Step(application, .destroy),
        ])
        #expect(report.notStarted == [PlanGraph.Step(Self.address("workflow", "x"), .apply)])
    }

    @Test("a plan with no steps finishes at once")
    func emptyPlan() async throws {
        let report = await ApplyExecutor(parallelism: 4).run(try PlanGraph(changes: [])) { _, _ in }
        #expect(report.succeeded.isEmpty && report.isSuccess)
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String { "HTTP 500: injected" }
    }
}

public import Foundation
import Manifest
public import Reconciler

/// The next fire times of the schedules a plan switches on or changes, shown under them in the plan
/// (product-spec section 5), so that a reviewer sees what a cron means rather than parsing it.
///
/// Times are in UTC: the Canvas API documents no time zone for `cronSchedule`. A sensitive cron has
/// no forecast, since its fire times would tell the cron. The forecast depends on the clock, so it
/// is a rendering note and not part of the plan (two plans of the same inputs stay equal).
public struct ScheduleForecast: Sendable {
    /// How many fire times to show.
    public var count: Int

    public init(count: Int = 3) {
        self.count = count
    }

    public func notes(for plan: Plan, desired: DesiredState, now: Date) -> [ResourceAddress: [String]] {
        let changed = plan.changes.filter { change in
            change.address.kind == CanvasPlanner.scheduleKind
                && (change.action == .create || change.action == .update || change.action == .replace)
        }
        // A plan that changes no schedule (every plan run to check that nothing changed) looks
        // up none of the thousands the manifests may have.
        guard !changed.isEmpty else { return [:] }
        let schedules = Dictionary(desired.workflows.compactMap { workflow in workflow.spec.schedule.map { (workflow.spec.key, $0) } }) { first, _ in first }
        var notes: [ResourceAddress: [String]] = [:]
        for change in changed {
            guard let schedule = schedules[change.address.key], schedule.enabled, !schedule.cron.isSensitive else { continue }
            let times = schedule.cron.value.nextFireDates(after: now, count: count, in: Self.utc)
            notes[change.address] = [
                times.isEmpty ? "this cron never fires after \(Self.format(now))" : "next runs (UTC): " + times.map(Self.format).joined(separator: ", ")
            ]
        }
        return notes
    }

    static let utc = TimeZone(identifier: "UTC")!

    /// `Mon 2026-11-30 02:00:00`: the weekday first, as crons are often about weekdays.
    static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][(parts.weekday ?? 1) - 1]
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(weekday) \(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }
}

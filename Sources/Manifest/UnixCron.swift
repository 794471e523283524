/// A five-field Unix crontab schedule, read only to tell its writer the Quartz expression that
/// means the same.
///
/// `0 2 * * 1-5` is the most natural thing to write, and it is not Quartz: adding a sixth field
/// (`0 2 * * 1-5 ?`) makes a valid Quartz expression that fires every hour at :02 from January to
/// May. So a five-field expression gets its own message, with the equivalent spelled out: seconds
/// first, `?` in the unused day field, and days of the week by name (Unix numbers them from 0 or 7
/// = Sunday, Quartz from 1 = Sunday).
struct UnixCron {
    let minute: String
    let hour: String
    let dayOfMonth: String
    let month: String
    let dayOfWeek: String

    init?(_ fields: [String]) {
        guard fields.count == 5 else { return nil }
        (minute, hour, dayOfMonth, month, dayOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4])
    }

    /// Unix's day numbers as Quartz's names.
    private static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]

    /// The Quartz expression with the same meaning; nil where there is none to offer (Unix fires
    /// when either restricted day field matches, which Quartz cannot say, or a field uses syntax
    /// the two read differently).
    var quartzEquivalent: String? {
        let days: (String, String)
        switch (dayOfMonth == "*", dayOfWeek == "*") {
        case (_, true): days = (dayOfMonth, "?")
        case (true, false):
            guard let names = Self.dayOfWeekNames(dayOfWeek) else { return nil }
            days = ("?", names)
        case (false, false): return nil
        }
        let quartz = ["0", minute, hour, days.0, month, days.1].joined(separator: " ")
        return (try? CronExpression(quartz)) == nil ? nil : quartz
    }

    /// A Unix day-of-week list of numbers, names and ranges (`1-5`, `0,6`, `mon-fri`) with Quartz's
    /// names; nil for anything else (steps, `L`, `#`).
    private static func dayOfWeekNames(_ field: String) -> String? {
        var entries: [String] = []
        for entry in field.split(separator: ",", omittingEmptySubsequences: false) {
            var bounds: [String] = []
            for bound in entry.split(separator: "-", omittingEmptySubsequences: false) {
                if let number = Int(bound), (0...7).contains(number) {
                    bounds.append(dayNames[number])
                } else if bound.count == 3, dayNames.contains(bound.uppercased()) {
                    bounds.append(bound.uppercased())
                } else {
                    return nil
                }
            }
            guard (1...2).contains(bounds.count) else { return nil }
            entries.append(bounds.joined(separator: "-"))
        }
        return entries.joined(separator: ",")
    }
}

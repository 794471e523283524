public import Foundation

/// A Quartz cron expression as Canvas stores it in `schedulerFrequency` ("0 0 2,6 ? * TUE *").
///
/// Canvas schedules integrations with Quartz cron expressions. Manifests keep them
/// as text, so this type exists to catch mistakes when a manifest is read (with an
/// error that names the field and points at the offending column), to compare
/// schedules by meaning so that re-spelling one (`TUE` for `3`, `6,2` for `2,6`,
/// an omitted year for `*`) is not reported as a change, and to preview when a
/// schedule fires.
///
/// Fields: seconds (0-59), minutes (0-59), hours (0-23), day-of-month (1-31),
/// month (1-12 or JAN-DEC), day-of-week (1-7 with 1 = Sunday, or SUN-SAT) and an
/// optional year (1970-2099). Each accepts `*`, values, `a-b` ranges, `,` lists and
/// `/` increments (`0/15`, `*/5`, `a-b/n`). Day-of-month also accepts `L`, `L-n`,
/// `LW`, `L-nW` and `nW`; day-of-week accepts `L` (Saturday), `nL` and `n#k`.
///
/// Decisions where Quartz is vague, lenient or stricter than this type needs:
/// - Names and the letters `L`, `W` are case-insensitive, also inside ranges
///   (`mon-fri`), and names may be used wherever a number may (`JAN/3`).
/// - A backwards range wraps around the end of the field (`FRI-MON` is 6,7,1,2;
///   `22-2` is 22,23,0,1,2), except in the year field, where it is an error.
/// - Increments must be 1 up to Quartz's limit for the field: 59 for seconds and
///   minutes, 23 for hours, 31 for day-of-month, 12 for month, 7 for day-of-week,
///   129 for year.
/// - Exactly one of day-of-month and day-of-week must be `?`; both set and both
///   `?` are errors (Quartz does not support combining them).
/// - `L`, `L-n`, `LW`, `nW`, `nL` and `n#k` must be the whole day field; `W` only
///   follows a single day. `L-n` also takes `W` (`L-3W`), as Quartz does.
/// - More than seven fields is an error (Quartz silently ignores extra text).
/// - In a month too short for the day (`31W` in April, `L-30` in February,
///   `6#5` when there is no fifth Friday) nothing fires that month.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written, without leading and trailing whitespace.
    public let text: String

    /// What the expression means; equality and hashing use only this.
    let schedule: CronSchedule

    /// Parses a Quartz cron expression.
    ///
    /// - Throws: ``ParseError`` naming the field at fault and the Character offset,
    ///   in `text` as passed (leading whitespace included), of the offending token.
    public init(_ text: String) throws(CronExpression.ParseError) {
        let parsed = try CronParser.parse(text)
        self.text = parsed.text
        self.schedule = parsed.schedule
        self.normalizedText = parsed.schedule.canonicalText
    }

    public var description: String { text }

    /// The expression in a canonical form: all seven fields, numbers instead of
    /// names, sorted lists with runs of three or more written as ranges, `*` for
    /// every full field and `?` in the unused day field. Two expressions are `==`
    /// exactly when their normalised texts are equal, and the normalised text
    /// parses back to an equal expression.
    public let normalizedText: String

    /// Semantic equality: compares what the expressions mean, not how they are spelled.
    public static func == (lhs: CronExpression, rhs: CronExpression) -> Bool {
        lhs.schedule == rhs.schedule
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(schedule)
    }

    /// The next `count` fire times strictly after `date`, earliest first.
    ///
    /// The expression is read as wall-clock time in `timeZone`. Around daylight
    /// saving changes this behaves as Quartz does: a wall-clock time that does not
    /// exist (skipped when clocks go forward) does not fire, and a wall-clock time
    /// that happens twice (when clocks go back) fires once, at its first occurrence.
    /// Fire times are whole seconds.
    ///
    /// The search works field by field and stops at the end of 2099, the last year
    /// a Quartz year field can name, so it returns fewer than `count` dates (possibly
    /// none) for expressions that stop firing, such as past years, or never fire,
    /// such as February 30; that costs at most one pass over the months up to 2099.
    /// A `count` of zero or less returns no dates.
    public func nextFireDates(after date: Date, count: Int, in timeZone: TimeZone) -> [Date] {
        guard count > 0 else { return [] }
        let after = date.timeIntervalSince1970
        // Every fire time lies between 1970-01-01 00:00 at UTC+14 and 2100-01-01 00:00
        // at UTC-12, so starts outside a few days around that span can be clamped.
        let earliestStart = Double(-4 * 86_400)
        let latestStart = Double(
            CivilCalendar.daysSinceEpoch(year: CronSchedule.lastYear + 1, month: 1, day: 1) * 86_400 + 4 * 86_400)
        guard !after.isNaN, after < latestStart else { return [] }
        let start = Int(max(after, earliestStart).rounded(.down))

        var wallTime = start + timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(start))) + 1
        var dates: [Date] = []
        while dates.count < count,
            let match = schedule.nextWallTime(onOrAfter: CivilDateTime(secondsSinceEpoch: wallTime))
        {
            let matchSeconds = match.secondsSinceEpoch
            if let instant = Self.firstInstant(ofWallTime: matchSeconds, in: timeZone), Double(instant) > after {
                dates.append(Date(timeIntervalSince1970: Double(instant)))
            }
            wallTime = matchSeconds + 1
        }
        return dates
    }

    /// The next fire time strictly after `date`, or nil if there is none up to the end of 2099.
    /// See ``nextFireDates(after:count:in:)``.
    public func nextFireDate(after date: Date, in timeZone: TimeZone) -> Date? {
        nextFireDates(after: date, count: 1, in: timeZone).first
    }

    /// The earliest instant (seconds since 1970) whose wall-clock time in `timeZone`
    /// is `wallTime` (wall-clock seconds since 1970), or nil if clocks skip it.
    private static func firstInstant(ofWallTime wallTime: Int, in timeZone: TimeZone) -> Int? {
        func offset(at seconds: Int) -> Int {
            timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
        }
        // The offsets in force a day either side cover any single transition near this time.
        let candidates = [offset(at: wallTime - 86_400), offset(at: wallTime), offset(at: wallTime + 86_400)]
        return candidates.map { wallTime - $0 }.filter { offset(at: $0) == wallTime - $0 }.min()
    }
}

extension CronExpression {
    /// Why a string is not a valid Quartz cron expression, and where.
    ///
    /// It exists so that callers can report the problem next to the manifest line
    /// and column: ``field`` names the field at fault and ``offset`` locates the
    /// offending token.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The field at fault, or nil for errors about the whole expression
        /// (empty, too few or too many fields).
        public let field: Field?
        /// Offset in Characters from the start of the string passed to
        /// ``CronExpression/init(_:)`` (leading whitespace included) to the start of
        /// the offending token or field. For too few fields it is the end of the
        /// expression, where the missing field belongs.
        public let offset: Int
        /// A sentence a user can act on, e.g.
        /// "day-of-week value 8 is out of range 1-7 (or SUN-SAT)".
        public let message: String

        public init(field: Field?, offset: Int, message: String) {
            self.field = field
            self.offset = offset
            self.message = message
        }

        public var description: String { "\(message) (at offset \(offset))" }
    }

    /// The fields of a Quartz cron expression, in order; the raw value is the name
    /// used in error messages.
    public enum Field: String, Sendable, CaseIterable {
        case seconds
        case minutes
        case hours
        case dayOfMonth = "day-of-month"
        case month
        case dayOfWeek = "day-of-week"
        case year
    }
}

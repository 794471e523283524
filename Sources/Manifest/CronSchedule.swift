/// The parsed, normalised meaning of a ``CronExpression``.
///
/// It exists so that equality, hashing and fire-time computation work on what an
/// expression *means* rather than on how it was spelled: names are replaced by
/// numbers, lists are sorted sets, `*`, full ranges and full lists are the same
/// thing, and the two day fields are folded into one ``DaySelector`` (Quartz only
/// ever uses one of them, the other is `?`).
struct CronSchedule: Sendable, Hashable {
    /// Sorted, duplicate-free values 0-59.
    var seconds: [Int]
    /// Sorted, duplicate-free values 0-59.
    var minutes: [Int]
    /// Sorted, duplicate-free values 0-23.
    var hours: [Int]
    /// Which days of a month fire.
    var days: DaySelector
    /// Sorted, duplicate-free values 1-12.
    var months: [Int]
    /// Sorted, duplicate-free values 1970-2099 (all of them when the year field is omitted).
    var years: [Int]

    /// The one day field that is not `?`, normalised.
    enum DaySelector: Sendable, Hashable {
        /// Every day: `*` (or a full list/range) in one day field and `?` in the other.
        case everyDay
        /// Plain days of the month 1-31 (never all 31 of them, that is ``everyDay``).
        case daysOfMonth([Int])
        /// `L`, `L-n`, `LW`, `L-nW`: the last day of the month minus `offset` days,
        /// moved to the nearest weekday when `nearestWeekday` is set.
        case lastDayOfMonth(offset: Int, nearestWeekday: Bool)
        /// `nW`: the weekday (Monday-Friday) nearest to day `n`, without leaving the month.
        case nearestWeekday(to: Int)
        /// Plain days of the week, 1 = Sunday ... 7 = Saturday (never all seven, that is ``everyDay``).
        case daysOfWeek([Int])
        /// `nL`: the last weekday `n` (1 = Sunday ... 7 = Saturday) of the month.
        case lastWeekdayOfMonth(Int)
        /// `n#k`: the `k`-th (1-5) weekday `n` of the month.
        case nthWeekdayOfMonth(weekday: Int, occurrence: Int)
    }

    /// The last year a Quartz year field can name; the fire-time search never looks past it.
    static let lastYear = 2099
    /// The first year a Quartz year field can name.
    static let firstYear = 1970
}

// MARK: - Canonical text

extension CronSchedule {
    /// A canonical seven-field Quartz string: numbers instead of names, sorted lists
    /// with runs of three or more values written as ranges, `*` for full fields.
    /// Equal schedules, and only equal schedules, have equal canonical text.
    var canonicalText: String {
        let dayFields: (dayOfMonth: String, dayOfWeek: String)
        switch days {
        case .everyDay:
            dayFields = ("*", "?")
        case .daysOfMonth(let values):
            dayFields = (Self.render(values, full: 1...31), "?")
        case .lastDayOfMonth(let offset, let nearestWeekday):
            dayFields = ("L" + (offset > 0 ? "-\(offset)" : "") + (nearestWeekday ? "W" : ""), "?")
        case .nearestWeekday(let day):
            dayFields = ("\(day)W", "?")
        case .daysOfWeek(let values):
            dayFields = ("?", Self.render(values, full: 1...7))
        case .lastWeekdayOfMonth(let weekday):
            dayFields = ("?", "\(weekday)L")
        case .nthWeekdayOfMonth(let weekday, let occurrence):
            dayFields = ("?", "\(weekday)#\(occurrence)")
        }
        return [
            Self.render(seconds, full: 0...59),
            Self.render(minutes, full: 0...59),
            Self.render(hours, full: 0...23),
            dayFields.dayOfMonth,
            Self.render(months, full: 1...12),
            dayFields.dayOfWeek,
            Self.render(years, full: Self.firstYear...Self.lastYear),
        ].joined(separator: " ")
    }

    private static func render(_ values: [Int], full: ClosedRange<Int>) -> String {
        if values.count == full.count { return "*" }
        var parts: [String] = []
        var index = 0
        while index < values.count {
            var end = index
            while end + 1 < values.count, values[end + 1] == values[end] + 1 { end += 1 }
            if end - index >= 2 {
                parts.append("\(values[index])-\(values[end])")
            } else {
                parts.append(contentsOf: values[index...end].map(String.init))
            }
            index = end + 1
        }
        return parts.joined(separator: ",")
    }
}

// MARK: - Fire-time search in wall-clock time

/// A local (wall-clock) date and time in the proleptic Gregorian calendar, with no time zone.
struct CivilDateTime: Sendable, Hashable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    /// Seconds since 1970-01-01 00:00:00 of the same wall-clock calendar.
    var secondsSinceEpoch: Int {
        CivilCalendar.daysSinceEpoch(year: year, month: month, day: day) * 86_400
            + hour * 3_600 + minute * 60 + second
    }

    init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    init(secondsSinceEpoch seconds: Int) {
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = seconds - days * 86_400
        let date = CivilCalendar.date(daysSinceEpoch: days)
        self.init(
            year: date.year, month: date.month, day: date.day,
            hour: secondOfDay / 3_600, minute: secondOfDay % 3_600 / 60, second: secondOfDay % 60)
    }
}

extension CronSchedule {
    /// The first wall-clock time at or after `start` that the schedule matches, or
    /// nil if there is none up to the end of ``lastYear``.
    ///
    /// Works field by field (year, month, matching days of that month, hour, minute,
    /// second), so the cost is bounded by the number of candidate months and days,
    /// not by the number of seconds in between.
    func nextWallTime(onOrAfter start: CivilDateTime) -> CivilDateTime? {
        for year in years where year >= start.year {
            let sameYear = year == start.year
            for month in months where !sameYear || month >= start.month {
                let sameMonth = sameYear && month == start.month
                for day in matchingDays(year: year, month: month) where !sameMonth || day >= start.day {
                    let time: (hour: Int, minute: Int, second: Int)?
                    if sameMonth && day == start.day {
                        time = firstTime(onOrAfter: (start.hour, start.minute, start.second))
                    } else {
                        time = (hours[0], minutes[0], seconds[0])
                    }
                    if let time {
                        return CivilDateTime(
                            year: year, month: month, day: day,
                            hour: time.hour, minute: time.minute, second: time.second)
                    }
                }
            }
        }
        return nil
    }

    private func firstTime(
        onOrAfter start: (hour: Int, minute: Int, second: Int)
    ) -> (hour: Int, minute: Int, second: Int)? {
        for hour in hours where hour >= start.hour {
            if hour > start.hour { return (hour, minutes[0], seconds[0]) }
            for minute in minutes where minute >= start.minute {
                if minute > start.minute { return (hour, minute, seconds[0]) }
                if let second = seconds.first(where: { $0 >= start.second }) {
                    return (hour, minute, second)
                }
            }
        }
        return nil
    }

    /// The days of `month` in `year` that fire, ascending.
    func matchingDays(year: Int, month: Int) -> [Int] {
        let length = CivilCalendar.daysInMonth(year: year, month: month)
        // Quartz numbering: 1 = Sunday ... 7 = Saturday.
        let firstWeekday = CivilCalendar.weekday(year: year, month: month, day: 1)
        func weekday(of day: Int) -> Int { (firstWeekday - 1 + day - 1) % 7 + 1 }

        switch days {
        case .everyDay:
            return Array(1...length)
        case .daysOfMonth(let values):
            return values.filter { $0 <= length }
        case .lastDayOfMonth(let offset, let nearestWeekday):
            let day = length - offset
            guard day >= 1 else { return [] }
            return [nearestWeekday ? Self.nearestWeekday(to: day, length: length, weekday: weekday(of: day)) : day]
        case .nearestWeekday(let day):
            guard day <= length else { return [] }
            return [Self.nearestWeekday(to: day, length: length, weekday: weekday(of: day))]
        case .daysOfWeek(let values):
            return (1...length).filter { values.contains(weekday(of: $0)) }
        case .lastWeekdayOfMonth(let target):
            let lastWeekday = weekday(of: length)
            return [length - (lastWeekday - target + 7) % 7]
        case .nthWeekdayOfMonth(let target, let occurrence):
            let first = 1 + (target - firstWeekday + 7) % 7
            let day = first + 7 * (occurrence - 1)
            return day <= length ? [day] : []
        }
    }

    /// Quartz's `W` rule: Saturday moves to Friday and Sunday to Monday, unless that
    /// would leave the month (Saturday the 1st moves to Monday the 3rd, Sunday the
    /// last day moves to the Friday before).
    private static func nearestWeekday(to day: Int, length: Int, weekday: Int) -> Int {
        switch weekday {
        case 7: return day == 1 ? day + 2 : day - 1
        case 1: return day == length ? day - 2 : day + 1
        default: return day
        }
    }
}

// MARK: - Calendar arithmetic

/// Proleptic Gregorian calendar arithmetic on plain integers, so fire times can be
/// computed without `Calendar` and without any time zone (wall-clock time is
/// mapped to instants separately).
enum CivilCalendar {
    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12  // March = 0
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of ``daysSinceEpoch(year:month:day:)`` (Howard Hinnant's `civil_from_days`).
    static func date(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Day of the week in Quartz numbering: 1 = Sunday ... 7 = Saturday.
    static func weekday(year: Int, month: Int, day: Int) -> Int {
        // 1970-01-01 was a Thursday (5).
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return (days + 4).floorModulo(7) + 1
    }
}

extension Int {
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    fileprivate func floorModulo(_ divisor: Int) -> Int {
        self - floorDivided(by: divisor) * divisor
    }
}

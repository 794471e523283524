import Foundation
import Manifest
import Testing

// MARK: - Helpers

/// An instant written as ISO 8601 with an explicit offset, e.g. "2024-03-31T03:30:00+02:00".
private func instant(_ text: String) -> Date {
    guard let date = ISO8601DateFormatter().date(from: text) else {
        preconditionFailure("bad ISO 8601 date in test: \(text)")
    }
    return date
}

private func zone(_ identifier: String) -> TimeZone {
    guard let timeZone = TimeZone(identifier: identifier) else {
        preconditionFailure("unknown time zone in test: \(identifier)")
    }
    return timeZone
}

private let utc = zone("UTC")
private let oslo = zone("Europe/Oslo")

/// The next fire times of `expression`, as ISO 8601 strings in `timeZone` (so that
/// expectations show both the wall-clock time and the offset in force).
private func fires(
    _ expression: String, after start: String, count: Int, in timeZone: TimeZone = utc
) throws -> [String] {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = timeZone
    return try CronExpression(expression)
        .nextFireDates(after: instant(start), count: count, in: timeZone)
        .map { formatter.string(from: $0) }
}

/// The error `text` fails with, or nil if it parses.
private func parseError(_ text: String) -> CronExpression.ParseError? {
    do {
        _ = try CronExpression(text)
        return nil
    } catch {
        return error
    }
}

// MARK: - Parsing valid expressions

@Suite("CronExpression parsing")
struct CronExpressionParsingTests {
    @Test(
        "Canvas examples parse and keep their text",
        arguments: ["0 0 * ? * *", "0 0 0/1 ? * * *", "0 0 2,6 ? * TUE *", "0 0/5 * ? * * *"])
    func canvasExamples(text: String) throws {
        let expression = try CronExpression(text)
        #expect(expression.text == text)
        #expect(expression.description == text)
    }

    @Test("Leading and trailing whitespace is trimmed from text; inner spacing is kept")
    func trimsWhitespace() throws {
        let expression = try CronExpression(" \t 0 0  12 ? * MON-FRI \n")
        #expect(expression.text == "0 0  12 ? * MON-FRI")
        #expect(expression == (try CronExpression("0 0 12 ? * 2-6")))
    }

    @Test(
        "Every special character parses to the expected meaning",
        arguments: [
            // `*`, values, lists, ranges
            ("* * * ? * *", "* * * * * ? *"),
            ("0 0 2,6 ? * TUE *", "0 0 2,6 ? * 3 *"),
            ("1,2,3,7 0 0 ? * *", "1-3,7 0 0 * * ? *"),
            ("0 0 9-17 ? * MON-FRI", "0 0 9-17 ? * 2-6 *"),
            // increments: a/n, */n, a-b/n
            ("0/15 * * ? * *", "0,15,30,45 * * * * ? *"),
            ("0 */20 * ? * *", "0 0,20,40 * * * ? *"),
            ("0 0 8-18/4 ? * *", "0 0 8,12,16 * * ? *"),
            ("0 0 0 1/10 * ?", "0 0 0 1,11,21,31 * ? *"),
            ("0 0 0 ? */4 *", "0 0 0 * 1,5,9 ? *"),
            ("0 0 0 ? * 2/2", "0 0 0 ? * 2,4,6 *"),
            ("0 0 0 1 1 ? 2024/25", "0 0 0 1 1 ? 2024,2049,2074,2099"),
            // wrap-around ranges, as Quartz does
            ("0 0 22-2 ? * *", "0 0 0-2,22,23 * * ? *"),
            ("0 0 0 ? * FRI-MON", "0 0 0 ? * 1,2,6,7 *"),
            ("0 0 0 ? NOV-FEB *", "0 0 0 * 1,2,11,12 ? *"),
            ("0 0 0 30-2 * ?", "0 0 0 1,2,30,31 * ? *"),
            ("50-10/5 0 0 ? * *", "0,5,10,50,55 0 0 * * ? *"),
            // names, case-insensitive, also in ranges and lists
            ("0 0 0 ? jan-Mar,JUL,dec *", "0 0 0 * 1-3,7,12 ? *"),
            ("0 0 0 ? * sun,Sat", "0 0 0 ? * 1,7 *"),
            // day-of-month specials
            ("0 0 0 L * ?", "0 0 0 L * ? *"),
            ("0 0 0 L-0 * ?", "0 0 0 L * ? *"),
            ("0 0 0 L-3 * ?", "0 0 0 L-3 * ? *"),
            ("0 0 0 LW * ?", "0 0 0 LW * ? *"),
            ("0 0 0 l-2w * ?", "0 0 0 L-2W * ? *"),
            ("0 0 0 15W * ?", "0 0 0 15W * ? *"),
            ("0 0 0 1w * ?", "0 0 0 1W * ? *"),
            // day-of-week specials
            ("0 0 0 ? * L", "0 0 0 ? * 7 *"),
            ("0 0 0 ? * 6L", "0 0 0 ? * 6L *"),
            ("0 0 0 ? * friL", "0 0 0 ? * 6L *"),
            ("0 0 0 ? * 6#3", "0 0 0 ? * 6#3 *"),
            ("0 0 0 ? * Mon#1", "0 0 0 ? * 2#1 *"),
            ("0 0 0 ? * 1#5", "0 0 0 ? * 1#5 *"),
            // `?` in either day field, year present or omitted
            ("0 0 0 15 * ?", "0 0 0 15 * ? *"),
            ("0 0 0 ? * 3 2030", "0 0 0 ? * 3 2030"),
        ])
    func specialCharacters(text: String, normalized: String) throws {
        let expression = try CronExpression(text)
        #expect(expression.normalizedText == normalized)
    }

    @Test(
        "The normalised text parses back to an equal expression",
        arguments: [
            "0 0 * ? * *", "0 0 0/1 ? * * *", "0 0 2,6 ? * TUE *", "0 0/5 * ? * * *", "0 0 22-2 ? * FRI-MON",
            "0 0 0 L-3W * ?", "0 0 0 15W JAN,JUL ? 2025-2030", "0 0 0 ? * 6#3", "0 0 0 ? * 6L", "0 0 0 ? * L",
            "1,2,4,5,6,9 0 0 ? * *", "0 0 0 1,15 * ?", "0 0 0 ? * * 2024/3",
        ])
    func normalizedTextRoundTrips(text: String) throws {
        let expression = try CronExpression(text)
        let reparsed = try CronExpression(expression.normalizedText)
        #expect(reparsed == expression)
        #expect(reparsed.normalizedText == expression.normalizedText)
    }

    @Test("Largest Quartz increments are accepted")
    func largestIncrements() throws {
        #expect(try CronExpression("0/59 0/59 0/23 1/31 1/12 ? 1970/129").normalizedText
            == "0,59 0,59 0,23 1 1 ? 1970,2099")
        #expect(try CronExpression("0 0 0 ? * 1/7").normalizedText == "0 0 0 ? * 1 *")
    }
}

// MARK: - Semantic equality

@Suite("CronExpression equality")
struct CronExpressionEqualityTests {
    @Test(
        "Equal in meaning means == and equal hashes",
        arguments: [
            ("0 0 2,6 ? * TUE *", "0 0 6,2 ? * 3"),
            ("0 0 2,6 ? * TUE *", "0 0 2,6 ? * tue"),
            ("0 0 * ? * *", "0 0 * * * ?"),
            ("0 0 * ? * *", "0 0 0/1 ? * * *"),
            ("0 0 * ? * *", "0 0 0-23 1-31 1-12 ? 1970-2099"),
            ("0 0 0 ? * *", "0 0 0 ? * SUN-SAT"),
            ("0 0 0 ? * *", "0 0 0 ? * 2-1"),
            ("0 0 0 ? * *", "0 0 0 1/1 * ?"),
            ("0/15 * * ? * *", "0,15,30,45 * * ? * *"),
            ("0/15 * * ? * *", "*/15 * * ? * *"),
            ("0/15 * * ? * *", "45,30,15,0,0 * * ? * *"),
            ("0 0 22-2 ? * *", "0 0 22,23,0,1,2 ? * *"),
            ("0 0 0 ? JAN-MAR *", "0 0 0 ? 1,2,3 *"),
            ("0 0 0 ? * L", "0 0 0 ? * SAT"),
            ("0 0 0 ? * L", "0 0 0 ? * 7"),
            ("0 0 0 L * ?", "0 0 0 L-0 * ?"),
            ("0 0 0 ? * 6L", "0 0 0 ? * FRIL"),
            ("0 0 0 ? * 6#3", "0 0 0 ? * fri#3"),
            ("0 0 0 15W * ?", "0 0 0 15w * ?"),
            ("0 0 0 ? * * *", "0 0 0 ? * *"),
            ("  0 0 0 ? * *", "0   0 0 ? * *\t"),
        ])
    func semanticallyEqual(lhs: String, rhs: String) throws {
        let left = try CronExpression(lhs)
        let right = try CronExpression(rhs)
        #expect(left == right)
        #expect(left.hashValue == right.hashValue)
        #expect(left.normalizedText == right.normalizedText)
        #expect(Set([left, right]).count == 1)
        // Text is kept as written even when the meaning is the same.
        #expect(left.text == lhs.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(
        "Different meaning means !=",
        arguments: [
            ("0 0 2,6 ? * TUE *", "0 0 2,6 ? * WED *"),
            ("0 0 2,6 ? * TUE *", "0 0 2,6 ? * TUE 2025"),
            ("0 0 * ? * *", "0 0 * ? * 1-6"),
            ("0 0 * ? * *", "0 0 * 1-30 * ?"),
            ("0 0 0 L * ?", "0 0 0 LW * ?"),
            ("0 0 0 L * ?", "0 0 0 L-1 * ?"),
            ("0 0 0 L * ?", "0 0 0 31 * ?"),
            ("0 0 0 15W * ?", "0 0 0 15 * ?"),
            ("0 0 0 ? * 6L", "0 0 0 ? * 6"),
            ("0 0 0 ? * 6L", "0 0 0 ? * 6#5"),
            ("0 0 0 ? * 6#3", "0 0 0 ? * 6#4"),
            ("0 0 0 ? * L", "0 0 0 ? * 7L"),
            ("0 0 0 ? * 1", "0 0 0 1 * ?"),
            ("0/15 * * ? * *", "0/20 * * ? * *"),
            ("0 0 22-2 ? * *", "0 0 2-22 ? * *"),
            ("0 0 0 ? * * 2030", "0 0 0 ? * * 2031"),
        ])
    func semanticallyDifferent(lhs: String, rhs: String) throws {
        let left = try CronExpression(lhs)
        let right = try CronExpression(rhs)
        #expect(left != right)
        #expect(left.normalizedText != right.normalizedText)
    }

    @Test("Expressions deduplicate by meaning in sets and dictionaries")
    func hashing() throws {
        let expressions = try ["0 0 2,6 ? * TUE *", "0 0 6,2 ? * 3", "0 0 2,6 ? * tue", "0 0 2 ? * TUE"]
            .map { try CronExpression($0) }
        #expect(Set(expressions).count == 2)
        let byExpression = Dictionary(expressions.map { ($0, 1) }, uniquingKeysWith: +)
        #expect(byExpression[try CronExpression("0 0 2,6 ? * 3 *")] == 3)
    }
}

// MARK: - Errors

/// One invalid expression and the error it must produce.
struct CronInvalidCase: Sendable, CustomTestStringConvertible {
    let text: String
    let field: CronExpression.Field?
    let offset: Int
    /// A fragment the message must contain.
    let mentions: String

    init(_ text: String, _ field: CronExpression.Field?, _ offset: Int, _ mentions: String) {
        self.text = text
        self.field = field
        self.offset = offset
        self.mentions = mentions
    }

    var testDescription: String { "\"\(text)\"" }
}

@Suite("CronExpression errors")
struct CronExpressionErrorTests {
    @Test("The documented example error, exactly")
    func hoursOutOfRange() {
        let error = parseError("0 0 25 ? * *")
        #expect(error == CronExpression.ParseError(
            field: .hours, offset: 4, message: "hours value 25 is out of range 0-23"))
        #expect(error?.description == "hours value 25 is out of range 0-23 (at offset 4)")
    }

    @Test("Day-of-week out of range, exactly")
    func dayOfWeekOutOfRange() {
        #expect(parseError("0 0 0 ? * 8") == CronExpression.ParseError(
            field: .dayOfWeek, offset: 10, message: "day-of-week value 8 is out of range 1-7 (or SUN-SAT)"))
    }

    @Test(
        "Whole-expression errors have no field",
        arguments: [
            CronInvalidCase("", nil, 0, "empty"),
            CronInvalidCase("   \t ", nil, 0, "empty"),
            CronInvalidCase("0 0 0", nil, 5, "has 3 fields but needs 6 or 7"),
            CronInvalidCase("0 0 0 ? *", nil, 0, "has 5 fields, as a Unix crontab line has"),
            CronInvalidCase("  0 0 0 ? *  ", nil, 2, "has 5 fields"),
            CronInvalidCase("0 0 0 ?", nil, 7, "the month field is missing"),
            CronInvalidCase("0", nil, 1, "has 1 field but"),
            CronInvalidCase("0 0 0 ? * * 2030 extra", nil, 17, "has 8 fields but at most 7"),
        ])
    func fieldCount(_ invalid: CronInvalidCase) throws {
        let error = try #require(parseError(invalid.text))
        #expect(error.field == invalid.field)
        #expect(error.offset == invalid.offset)
        #expect(error.message.contains(invalid.mentions))
    }

    @Test(
        "Values out of range name the field and point at the value",
        arguments: [
            CronInvalidCase("60 0 0 ? * *", .seconds, 0, "seconds value 60 is out of range 0-59"),
            CronInvalidCase("0 60 0 ? * *", .minutes, 2, "minutes value 60 is out of range 0-59"),
            CronInvalidCase("0 0 1-25 ? * *", .hours, 6, "hours value 25 is out of range 0-23"),
            CronInvalidCase("0 0 0 0 * ?", .dayOfMonth, 6, "day-of-month value 0 is out of range 1-31"),
            CronInvalidCase("0 0 0 1,32 * ?", .dayOfMonth, 8, "day-of-month value 32 is out of range 1-31"),
            CronInvalidCase("0 0 0 ? 13 *", .month, 8, "month value 13 is out of range 1-12 (or JAN-DEC)"),
            CronInvalidCase("0 0 0 ? 0-3 *", .month, 8, "month value 0 is out of range"),
            CronInvalidCase("0 0 0 ? * 0", .dayOfWeek, 10, "day-of-week value 0 is out of range 1-7 (or SUN-SAT)"),
            CronInvalidCase("0 0 0 ? * MON-8", .dayOfWeek, 14, "day-of-week value 8 is out of range"),
            CronInvalidCase("0 0 0 ? * * 1969", .year, 12, "year value 1969 is out of range 1970-2099"),
            CronInvalidCase("0 0 0 ? * * 2020-2100", .year, 17, "year value 2100 is out of range 1970-2099"),
            CronInvalidCase("99999999999999999999 0 0 ? * *", .seconds, 0, "out of range 0-59"),
            CronInvalidCase("  0 0 25 ? * *", .hours, 6, "hours value 25"),
        ])
    func outOfRange(_ invalid: CronInvalidCase) throws {
        try check(invalid)
    }

    @Test(
        "Bad names and characters",
        arguments: [
            CronInvalidCase("0 0 0 ? FOO *", .month, 8, "'FOO' is not a month name; use 1-12 (or JAN-DEC)"),
            CronInvalidCase("0 0 0 ? JANUARY *", .month, 8, "'JANUARY' is not a month name"),
            CronInvalidCase("0 0 0 ? * MONDAY", .dayOfWeek, 10, "'MONDAY' is not a day-of-week name"),
            CronInvalidCase("0 0 0 ? * MON-XYZ", .dayOfWeek, 14, "'XYZ' is not a day-of-week name"),
            CronInvalidCase("0 0 MON ? * *", .hours, 4, "'MON' is not a valid hours value; use 0-23"),
            CronInvalidCase("0 0 1x ? * *", .hours, 4, "'1x' is not a valid hours value"),
            CronInvalidCase("0 0 1.5 ? * *", .hours, 5, "unexpected '.'"),
            CronInvalidCase("0 0 *5 ? * *", .hours, 5, "unexpected '5' after '*'"),
            CronInvalidCase("0 0 1-5-7 ? * *", .hours, 7, "unexpected '-'"),
        ])
    func badCharacters(_ invalid: CronInvalidCase) throws {
        try check(invalid)
    }

    @Test(
        "Malformed ranges, lists and increments",
        arguments: [
            CronInvalidCase("1- * * ? * *", .seconds, 1, "range '1-' is missing its end value"),
            CronInvalidCase("-1 * * ? * *", .seconds, 0, "range '-1' is missing its start value"),
            CronInvalidCase("0 1-/5 * ? * *", .minutes, 3, "missing its end value"),
            CronInvalidCase("1,,2 * * ? * *", .seconds, 2, "has an empty entry"),
            CronInvalidCase("1, * * ? * *", .seconds, 1, "has an empty entry"),
            CronInvalidCase(",1 * * ? * *", .seconds, 0, "has an empty entry"),
            CronInvalidCase("/5 * * ? * *", .seconds, 0, "needs a start value before the '/'"),
            CronInvalidCase("0 0 0 /5 * ?", .dayOfMonth, 6, "e.g. '1/5' or '*/5'"),
            CronInvalidCase("0/ * * ? * *", .seconds, 1, "increment is missing after '/'"),
            CronInvalidCase("0/x * * ? * *", .seconds, 2, "increment 'x' is not a number"),
            CronInvalidCase("0/0 * * ? * *", .seconds, 2, "seconds increment 0 is out of range 1-59"),
            CronInvalidCase("0/60 * * ? * *", .seconds, 2, "seconds increment 60 is out of range 1-59"),
            CronInvalidCase("0 */60 * ? * *", .minutes, 4, "minutes increment 60 is out of range 1-59"),
            CronInvalidCase("0 0 0/24 ? * *", .hours, 6, "hours increment 24 is out of range 1-23"),
            CronInvalidCase("0 0 0 1/32 * ?", .dayOfMonth, 8, "day-of-month increment 32 is out of range 1-31"),
            CronInvalidCase("0 0 0 ? 1/13 *", .month, 10, "month increment 13 is out of range 1-12"),
            CronInvalidCase("0 0 0 ? * 1/8", .dayOfWeek, 12, "day-of-week increment 8 is out of range 1-7"),
            CronInvalidCase("0 0 0 ? * * 2020/130", .year, 17, "year increment 130 is out of range 1-129"),
            CronInvalidCase("0 0 0 ? * * 2030-2020", .year, 12, "runs backwards"),
        ])
    func malformed(_ invalid: CronInvalidCase) throws {
        try check(invalid)
    }

    @Test(
        "'?' and the day-of-month / day-of-week rule",
        arguments: [
            CronInvalidCase("? 0 0 ? * *", .seconds, 0, "'?' is only allowed in day-of-month and day-of-week"),
            CronInvalidCase("0 0 0 ? ? *", .month, 8, "'?' is only allowed in day-of-month and day-of-week"),
            CronInvalidCase("0 0 0 * * ? ?", .year, 12, "'?' is only allowed"),
            CronInvalidCase("0 0 0 1,? * ?", .dayOfMonth, 8, "'?' must be the whole day-of-month field"),
            CronInvalidCase("0 0 0 ? * ?,1", .dayOfWeek, 10, "'?' must be the whole day-of-week field"),
            CronInvalidCase("0 0 0 ? * ?", .dayOfWeek, 10, "day-of-month and day-of-week are both '?'"),
            CronInvalidCase("0 0 0 * * *", .dayOfWeek, 10, "use '?' as the day-of-week"),
            CronInvalidCase("0 0 0 15 * *", .dayOfWeek, 11, "use '?' as the day-of-week"),
            CronInvalidCase("0 0 0 * * MON", .dayOfMonth, 6, "use '?' as the day-of-month"),
            CronInvalidCase("0 0 0 15 * MON", .dayOfWeek, 11, "day-of-month and day-of-week are both set"),
            CronInvalidCase("0 0 0 L * 6L", .dayOfWeek, 10, "replace one of them with '?'"),
        ])
    func dayFieldRule(_ invalid: CronInvalidCase) throws {
        try check(invalid)
    }

    @Test(
        "Day-of-month specials: L, L-n, LW, nW",
        arguments: [
            CronInvalidCase("0 0 0 L-31 * ?", .dayOfMonth, 8, "offset 31 from the last day is out of range 0-30"),
            CronInvalidCase("0 0 0 L- * ?", .dayOfMonth, 7, "'L-' needs the number of days"),
            CronInvalidCase("0 0 0 LX * ?", .dayOfMonth, 7, "unexpected 'X'"),
            CronInvalidCase("0 0 0 L-3X * ?", .dayOfMonth, 9, "use L, L-n, LW or L-nW"),
            CronInvalidCase("0 0 0 5L * ?", .dayOfMonth, 7, "'L' must come first"),
            CronInvalidCase("0 0 0 W * ?", .dayOfMonth, 6, "'W' needs a day before it"),
            CronInvalidCase("0 0 0 32W * ?", .dayOfMonth, 6, "day-of-month value 32 is out of range 1-31"),
            CronInvalidCase("0 0 0 0W * ?", .dayOfMonth, 6, "day-of-month value 0 is out of range 1-31"),
            CronInvalidCase("0 0 0 1-5W * ?", .dayOfMonth, 6, "'W' can only follow a single day"),
            CronInvalidCase("0 0 0 */2W * ?", .dayOfMonth, 6, "'W' can only follow a single day"),
            CronInvalidCase("0 0 0 W15 * ?", .dayOfMonth, 6, "'W' must follow a single day"),
            CronInvalidCase("0 0 0 1,15W * ?", .dayOfMonth, 8, "'15W' cannot be combined with other days in a list"),
            CronInvalidCase("0 0 0 1,5,29,L * ?", .dayOfMonth, 13, "'L' cannot be combined with other days"),
            CronInvalidCase("0 0 0 LW,1 * ?", .dayOfMonth, 6, "cannot be combined"),
            CronInvalidCase("0 0 0 ? * 5W", .dayOfWeek, 10, "'W' (nearest weekday) is only allowed in day-of-month"),
            CronInvalidCase("0 0 L ? * *", .hours, 4, "'L' (last) is only allowed in day-of-month and day-of-week"),
            CronInvalidCase("0 0 0 ? 5L *", .month, 8, "'L' (last) is only allowed"),
            CronInvalidCase("0 0 15W ? * *", .hours, 4, "'W' (nearest weekday) is only allowed in day-of-month"),
        ])
    func dayOfMonthSpecials(_ invalid: CronInvalidCase) throws {
        try check(invalid)
    }

    @Test(
        "Day-of-week specials: L, nL, n#k",
        arguments: [
            CronInvalidCase("0 0 0 ? * 6#6", .dayOfWeek, 12, "occurrence 6 in '6#6' is out of range 1-5"),
            CronInvalidCase("0 0 0 ? * 6#0", .dayOfWeek, 12, "occurrence 0 in '6#0' is out of range 1-5"),
            CronInvalidCase("0 0 0 ? * 6#", .dayOfWeek, 11, "'#' must be followed by which occurrence"),
            CronInvalidCase("0 0 0 ? * #3", .dayOfWeek, 10, "'#' needs a day before it"),
            CronInvalidCase("0 0 0 ? * 8#1", .dayOfWeek, 10, "day-of-week value 8 is out of range"),
            CronInvalidCase("0 0 0 ? * 2-4#1", .dayOfWeek, 10, "'#' must follow a single day"),
            CronInvalidCase("0 0 0 ? * 6#2x", .dayOfWeek, 13, "unexpected 'x'"),
            CronInvalidCase("0 0 0 ? * 6#1,6#3", .dayOfWeek, 10, "'6#1' cannot be combined with other days in a list"),
            CronInvalidCase("0 0 0 ? * SAT,SUN,L", .dayOfWeek, 18, "'L' cannot be combined with other days"),
            CronInvalidCase("0 0 0 ? * 1,6L", .dayOfWeek, 12, "'6L' cannot be combined"),
            CronInvalidCase("0 0 0 ? * 0L", .dayOfWeek, 10, "day-of-week value 0 is out of range"),
            CronInvalidCase("0 0 0 ? * 1-3L", .dayOfWeek, 10, "'L' must follow a single day"),
            CronInvalidCase("0 0 0 ? * L-2", .dayOfWeek, 10, "'L' must stand alone"),
            CronInvalidCase("0 0 0 ? * LL", .dayOfWeek, 10, "'L' must stand alone"),
            CronInvalidCase("0 0 1#2 ? * *", .hours, 5, "'#' (n-th day of the week) is only allowed in day-of-week"),
        ])
    func dayOfWeekSpecials(_ invalid: CronInvalidCase) throws {
        try check(invalid)
    }

    @Test("Offsets count Characters, not bytes or UTF-16 units")
    func offsetsCountCharacters() throws {
        // "é" (e + combining acute) is one Character but two Unicode scalars.
        let error = try #require(parseError(" 0 0 0 ? * * e\u{301}"))
        #expect(error.field == .year)
        #expect(error.offset == 13)
    }

    @Test("Line breaks separate fields, a CRLF counting as one Character in offsets")
    func lineBreaks() throws {
        let expression = try CronExpression("0\r\n0\n2\r? * mon-fri")
        #expect(expression == (try CronExpression("0 0 2 ? * MON-FRI")))
        #expect(expression.text == "0\r\n0\n2\r? * mon-fri")
        // "0", CRLF, "0", LF, "99": the hours field starts at Character 4.
        let error = try #require(parseError("0\r\n0\n99 ? * *"))
        #expect(error.field == .hours)
        #expect(error.offset == 4)
        #expect(error.message.contains("hours value 99 is out of range 0-23"))
    }

    @Test("Lower-case names and numbers too large for an integer")
    func namesAndHugeNumbers() throws {
        #expect(try CronExpression("0 0 12 ? jan,Feb MON#2") == CronExpression("0 0 12 ? 1,2 2#2"))
        let error = try #require(parseError("0 0 99999999999999999999999 ? * *"))
        #expect(error.field == .hours)
        #expect(error.message.contains("hours value 99999999999999999999999 is out of range 0-23"))
        let step = try #require(parseError("0 0/99999999999999999999 * ? * *"))
        #expect(step.field == .minutes)
        #expect(step.message.contains("minutes increment 99999999999999999999 is out of range 1-59"))
    }

    @Test(
        "A Unix crontab line gets the Quartz expression that means the same, not a missing field",
        arguments: [
            ("0 2 * * 1-5", "the Quartz form of \"0 2 * * 1-5\" is \"0 0 2 ? * MON-FRI\""),
            ("*/15 * * * *", "is \"0 */15 * * * ?\""),
            ("30 6 1 * *", "is \"0 30 6 1 * ?\""),
            ("0 9 * * 0,6", "is \"0 0 9 ? * SUN,SAT\""),
            ("0 9 * * 7", "is \"0 0 9 ? * SUN\""),
            ("0 9 1 * 1", "either restricted day field matches, which Quartz cannot say"),
        ])
    func unixCron(_ expression: String, _ expected: String) throws {
        let error = try #require(parseError(expression))
        #expect(error.field == nil)
        #expect(error.message.contains("Quartz cron, which Canvas uses, starts with seconds"), "\(error.message)")
        #expect(error.message.contains("1 = Sunday"))
        #expect(error.message.contains(expected), "\(error.message)")
        #expect(!error.message.contains("field is missing"))
    }

    @Test("A no-break space is not a field separator")
    func noBreakSpace() throws {
        let error = try #require(parseError("0\u{00A0}0 2 ? * MON"))
        #expect(error.field == nil)
        #expect(error.message.contains("has 5 fields"))
    }

    @Test("Errors are reported for the leftmost field at fault")
    func leftmostError() throws {
        let error = try #require(parseError("0 60 25 ? 13 8"))
        #expect(error.field == .minutes)
        #expect(error.offset == 2)
    }

    private func check(_ invalid: CronInvalidCase, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let error = try #require(parseError(invalid.text), sourceLocation: sourceLocation)
        #expect(error.field == invalid.field, sourceLocation: sourceLocation)
        #expect(error.offset == invalid.offset, sourceLocation: sourceLocation)
        #expect(error.message.contains(invalid.mentions), "\(error.message)", sourceLocation: sourceLocation)
        #expect(error.description.contains(error.message), sourceLocation: sourceLocation)
    }
}

// MARK: - Next fire dates

@Suite("CronExpression.nextFireDates")
struct CronExpressionNextFireDatesTests {
    @Test("Every hour on the hour")
    func everyHour() throws {
        #expect(try fires("0 0 * ? * *", after: "2024-01-01T00:00:00Z", count: 3) == [
            "2024-01-01T01:00:00Z", "2024-01-01T02:00:00Z", "2024-01-01T03:00:00Z",
        ])
        #expect(try fires("0 0 0/1 ? * * *", after: "2024-12-31T22:30:00Z", count: 2) == [
            "2024-12-31T23:00:00Z", "2025-01-01T00:00:00Z",
        ])
    }

    @Test("Every five minutes")
    func everyFiveMinutes() throws {
        #expect(try fires("0 0/5 * ? * * *", after: "2024-01-01T00:58:00Z", count: 3) == [
            "2024-01-01T01:00:00Z", "2024-01-01T01:05:00Z", "2024-01-01T01:10:00Z",
        ])
    }

    @Test("02:00 and 06:00 on Tuesdays")
    func tuesdays() throws {
        #expect(try fires("0 0 2,6 ? * TUE *", after: "2024-01-01T00:00:00Z", count: 5) == [
            "2024-01-02T02:00:00Z", "2024-01-02T06:00:00Z", "2024-01-09T02:00:00Z", "2024-01-09T06:00:00Z",
            "2024-01-16T02:00:00Z",
        ])
    }

    @Test("Fire times are strictly after the start, which may have a fraction of a second")
    func strictlyAfter() throws {
        let expression = try CronExpression("0 0 12 ? * *")
        let noon = instant("2024-05-01T12:00:00Z")
        #expect(expression.nextFireDates(after: noon, count: 1, in: utc) == [instant("2024-05-02T12:00:00Z")])
        #expect(expression.nextFireDates(after: noon.addingTimeInterval(-0.25), count: 1, in: utc) == [noon])
        #expect(expression.nextFireDate(after: noon.addingTimeInterval(-0.25), in: utc) == noon)

        let everySecond = try CronExpression("* * * ? * *")
        #expect(everySecond.nextFireDates(after: noon.addingTimeInterval(0.5), count: 2, in: utc) == [
            noon.addingTimeInterval(1), noon.addingTimeInterval(2),
        ])
    }

    @Test("A count of zero or less returns nothing")
    func nonPositiveCount() throws {
        let expression = try CronExpression("* * * ? * *")
        #expect(expression.nextFireDates(after: instant("2024-01-01T00:00:00Z"), count: 0, in: utc).isEmpty)
        #expect(expression.nextFireDates(after: instant("2024-01-01T00:00:00Z"), count: -3, in: utc).isEmpty)
    }

    @Test("The expression is read in the given time zone")
    func timeZones() throws {
        #expect(try fires("0 0 9 ? * MON-FRI", after: "2024-06-07T12:00:00Z", count: 2, in: oslo) == [
            "2024-06-10T09:00:00+02:00", "2024-06-11T09:00:00+02:00",
        ])
        #expect(try fires("0 0 9 ? * MON-FRI", after: "2024-01-05T12:00:00Z", count: 1, in: oslo) == [
            "2024-01-08T09:00:00+01:00"
        ])
        // The same instant is a different day of the week in Oslo and in UTC.
        #expect(try fires("0 30 0 ? * SAT", after: "2024-06-07T12:00:00Z", count: 1, in: oslo) == [
            "2024-06-08T00:30:00+02:00"
        ])
    }

    @Test("Spring forward in Oslo: a wall-clock time that does not exist is skipped")
    func springForward() throws {
        // 2024-03-31 02:00 CET jumps to 03:00 CEST.
        #expect(try fires("0 30 2 * * ?", after: "2024-03-29T12:00:00+01:00", count: 3, in: oslo) == [
            "2024-03-30T02:30:00+01:00", "2024-04-01T02:30:00+02:00", "2024-04-02T02:30:00+02:00",
        ])
        #expect(try fires("0 0/30 * * * ?", after: "2024-03-31T01:00:00+01:00", count: 3, in: oslo) == [
            "2024-03-31T01:30:00+01:00", "2024-03-31T03:00:00+02:00", "2024-03-31T03:30:00+02:00",
        ])
        #expect(try fires("* * * ? * *", after: "2024-03-31T01:59:58+01:00", count: 3, in: oslo) == [
            "2024-03-31T01:59:59+01:00", "2024-03-31T03:00:00+02:00", "2024-03-31T03:00:01+02:00",
        ])
    }

    @Test("Fall back in Oslo: a wall-clock time that happens twice fires once, the first time")
    func fallBack() throws {
        // 2024-10-27 03:00 CEST falls back to 02:00 CET.
        #expect(try fires("0 30 2 * * ?", after: "2024-10-26T12:00:00+02:00", count: 2, in: oslo) == [
            "2024-10-27T02:30:00+02:00", "2024-10-28T02:30:00+01:00",
        ])
        #expect(try fires("0 0/30 * * * ?", after: "2024-10-27T01:45:00+02:00", count: 4, in: oslo) == [
            "2024-10-27T02:00:00+02:00", "2024-10-27T02:30:00+02:00", "2024-10-27T03:00:00+01:00",
            "2024-10-27T03:30:00+01:00",
        ])
        // Starting inside the repeated hour: its wall-clock times already fired the first time round.
        #expect(try fires("0 0/30 * * * ?", after: "2024-10-27T02:10:00+01:00", count: 1, in: oslo) == [
            "2024-10-27T03:00:00+01:00"
        ])
    }

    @Test("L: the last day of the month, including February in leap years")
    func lastDayOfMonth() throws {
        #expect(try fires("0 0 0 L * ?", after: "2024-01-01T00:00:00Z", count: 4) == [
            "2024-01-31T00:00:00Z", "2024-02-29T00:00:00Z", "2024-03-31T00:00:00Z", "2024-04-30T00:00:00Z",
        ])
        #expect(try fires("0 0 0 L 2 ?", after: "2023-01-01T00:00:00Z", count: 3) == [
            "2023-02-28T00:00:00Z", "2024-02-29T00:00:00Z", "2025-02-28T00:00:00Z",
        ])
        #expect(try fires("0 0 0 L-3 * ?", after: "2024-01-01T00:00:00Z", count: 2) == [
            "2024-01-28T00:00:00Z", "2024-02-26T00:00:00Z",
        ])
    }

    @Test("LW: the last weekday of the month")
    func lastWeekday() throws {
        // March 2024 ends on a Sunday, June 2024 on a Sunday, August 2024 on a Saturday.
        #expect(try fires("0 0 0 LW * ?", after: "2024-03-01T00:00:00Z", count: 6) == [
            "2024-03-29T00:00:00Z", "2024-04-30T00:00:00Z", "2024-05-31T00:00:00Z", "2024-06-28T00:00:00Z",
            "2024-07-31T00:00:00Z", "2024-08-30T00:00:00Z",
        ])
    }

    @Test("15W: the weekday nearest the 15th, never leaving the month")
    func nearestWeekday() throws {
        // 2024-06-15 is a Saturday (-> Fri 14th), 2024-09-15 a Sunday (-> Mon 16th).
        #expect(try fires("0 0 0 15W * ?", after: "2024-05-01T00:00:00Z", count: 5) == [
            "2024-05-15T00:00:00Z", "2024-06-14T00:00:00Z", "2024-07-15T00:00:00Z", "2024-08-15T00:00:00Z",
            "2024-09-16T00:00:00Z",
        ])
        // 2024-06-01 is a Saturday: 1W moves forward to Monday the 3rd, not back into May.
        #expect(try fires("0 0 0 1W * ?", after: "2024-05-02T00:00:00Z", count: 1) == ["2024-06-03T00:00:00Z"])
        // 2024-03-31 is a Sunday: 31W moves back to Friday the 29th; 31W skips 30-day months.
        #expect(try fires("0 0 0 31W * ?", after: "2024-03-01T00:00:00Z", count: 2) == [
            "2024-03-29T00:00:00Z", "2024-05-31T00:00:00Z",
        ])
    }

    @Test("6#3: the third Friday; 2#5 only in months with five Mondays")
    func nthWeekday() throws {
        #expect(try fires("0 0 0 ? * 6#3", after: "2024-01-01T00:00:00Z", count: 3) == [
            "2024-01-19T00:00:00Z", "2024-02-16T00:00:00Z", "2024-03-15T00:00:00Z",
        ])
        #expect(try fires("0 0 0 ? * MON#5", after: "2024-01-01T00:00:00Z", count: 3) == [
            "2024-01-29T00:00:00Z", "2024-04-29T00:00:00Z", "2024-07-29T00:00:00Z",
        ])
    }

    @Test("6L: the last Friday of the month; L alone is Saturday")
    func lastWeekdayOfMonth() throws {
        #expect(try fires("0 0 0 ? * 6L", after: "2024-01-01T00:00:00Z", count: 3) == [
            "2024-01-26T00:00:00Z", "2024-02-23T00:00:00Z", "2024-03-29T00:00:00Z",
        ])
        #expect(try fires("0 0 0 ? * L", after: "2024-01-01T00:00:00Z", count: 2) == [
            "2024-01-06T00:00:00Z", "2024-01-13T00:00:00Z",
        ])
    }

    @Test("Wrap-around ranges fire across the end of the field")
    func wrapAround() throws {
        #expect(try fires("0 0 23-1 ? * *", after: "2024-01-01T12:00:00Z", count: 3) == [
            "2024-01-01T23:00:00Z", "2024-01-02T00:00:00Z", "2024-01-02T01:00:00Z",
        ])
        // 2024-01-05 is a Friday.
        #expect(try fires("0 0 12 ? * FRI-MON", after: "2024-01-04T00:00:00Z", count: 5) == [
            "2024-01-05T12:00:00Z", "2024-01-06T12:00:00Z", "2024-01-07T12:00:00Z", "2024-01-08T12:00:00Z",
            "2024-01-12T12:00:00Z",
        ])
    }

    @Test("Leap days: February 29th fires only in leap years, 2100 is out of range")
    func leapYears() throws {
        #expect(try fires("0 0 0 29 2 ?", after: "2024-03-01T00:00:00Z", count: 3) == [
            "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z", "2036-02-29T00:00:00Z",
        ])
        // 2000 was a leap year (divisible by 400).
        #expect(try fires("0 0 0 29 2 ? 1999-2001", after: "1990-01-01T00:00:00Z", count: 3) == [
            "2000-02-29T00:00:00Z"
        ])
        #expect(try fires("0 0 0 29 2 ?", after: "2096-03-01T00:00:00Z", count: 3).isEmpty)
    }

    @Test("Year field: listed years only; past years return nothing")
    func yearField() throws {
        #expect(try fires("0 0 0 1 1 ? 2025-2026", after: "2024-03-01T00:00:00Z", count: 5) == [
            "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z",
        ])
        #expect(try fires("0 0 12 ? * MON 2030", after: "2024-03-01T00:00:00Z", count: 1) == [
            "2030-01-07T12:00:00Z"
        ])
        #expect(try fires("0 0 0 ? * * 2020", after: "2024-03-01T00:00:00Z", count: 3).isEmpty)
        #expect(try fires("0 0 12 ? * *", after: "2099-12-30T00:00:00Z", count: 5) == [
            "2099-12-30T12:00:00Z", "2099-12-31T12:00:00Z",
        ])
        #expect(try CronExpression("0 0 12 ? * *").nextFireDates(after: .distantFuture, count: 1, in: utc).isEmpty)
        #expect(try CronExpression("0 0 0 1 1 ?").nextFireDates(after: .distantPast, count: 1, in: utc) == [
            instant("1970-01-01T00:00:00Z")
        ])
    }

    @Test("Expressions that never fire return nothing (the search stops at 2099)")
    func neverFires() throws {
        let cases = try [
            ("0 0 0 30 2 ?", "1970-01-01T00:00:00Z", 1),
            ("0 0 0 31 4,6,9,11 ?", "1970-01-01T00:00:00Z", 1),
            ("* * * 30 FEB ? 2024-2099", "2024-01-01T00:00:00Z", 10),
        ].map { (try CronExpression($0.0), instant($0.1), $0.2) }
        let results = cases.map { $0.0.nextFireDates(after: $0.1, count: $0.2, in: utc) }
        #expect(results == [[], [], []])
    }

    @Test("Large counts are computed field by field, not second by second")
    func manyFireTimes() throws {
        let dates = try CronExpression("0 0 0 ? * MON-FRI").nextFireDates(
            after: instant("1970-01-01T00:00:00Z"), count: 100_000, in: oslo)
        // Weekdays from 1970-01-02 (midnight on the 1st in Oslo is before the start) to
        // 2099-12-31: fewer than 100,000, so the search ends at 2099.
        #expect(dates.count == 33_915)
        #expect(zip(dates, dates.dropFirst()).allSatisfy { $0 < $1 })
        #expect(dates.last == instant("2099-12-31T00:00:00+01:00"))
    }
}

/// Turns the text of a Quartz cron expression into a ``CronSchedule``.
///
/// It exists to keep ``CronExpression`` small: this is where the Quartz grammar
/// lives, and where every error gets its field and the Character offset (in the
/// string the caller passed, leading whitespace included) of the token at fault.
/// Offsets point at the most specific token known to be wrong: the value that is
/// out of range inside a range or list, the unexpected character, or the list
/// entry that may not be combined with others.
struct CronParser {
    typealias Field = CronExpression.Field
    typealias ParseError = CronExpression.ParseError

    /// A whitespace-separated field, or one comma-separated entry of a field.
    ///
    /// It is read as Unicode scalars, one per Character: comparing scalars is comparing numbers,
    /// where comparing Characters is comparing strings (which makes parsing an expression many
    /// times slower). A Character of several scalars, never valid in an expression,
    /// stands as U+FFFD; messages quote the Characters as written.
    struct Token {
        /// The Characters, ASCII letters upper-cased (Quartz is case-insensitive).
        var upper: [Unicode.Scalar]
        /// The whole expression as written, for messages.
        var original: String
        /// Offset of the first character in the original string, in Characters.
        var offset: Int

        init(_ upper: ArraySlice<Unicode.Scalar>, offset: Int, original: String) {
            self.upper = Array(upper)
            self.original = original
            self.offset = offset
        }

        var count: Int { upper.count }
        var endOffset: Int { offset + upper.count }
        /// The token as written.
        var text: String { text(0..<count) }
        /// Characters `range` of the token as written.
        func text(_ range: Range<Int>) -> String {
            String(Array(original)[(offset + range.lowerBound)..<(offset + range.upperBound)])
        }
        func character(at index: Int) -> Character { Array(original)[offset + index] }
    }

    /// The result of parsing one of the two day fields.
    enum DayField {
        case noSpecificValue
        case selector(CronSchedule.DaySelector)
    }

    static let fieldSummary = "seconds minutes hours day-of-month month day-of-week [year]"

    /// Parses `original`, returning the trimmed text and its normalised schedule.
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }

    /// One scalar per Character of `text`, ASCII letters upper-cased: `\r\n` (one Character) as
    /// `\n`, and any other Character of several scalars as U+FFFD.
    static func scalars(_ text: String) -> [Unicode.Scalar] {
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\r") }) {
            return text.utf8.map { asciiUppercased(Unicode.Scalar($0)) }
        }
        return text.map { character in
            if character == "\r\n" { return "\n" }
            let scalars = character.unicodeScalars
            return scalars.count == 1 ? asciiUppercased(scalars.first!) : "\u{FFFD}"
        }
    }

    /// The number a run of ASCII digits spells; `Int.max` when it does not fit.
    static func number(_ digits: ArraySlice<Unicode.Scalar>) -> Int {
        var value = 0
        for digit in digits {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(Int(digit.value) - 0x30)
            if overflow || carry { return Int.max }
            value = sum
        }
        return value
    }

    static func parse(_ original: String) throws(ParseError) -> (text: String, schedule: CronSchedule) {
        let characters = scalars(original)
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            // Fields are separated by ASCII white space only: a no-break space is not a separator.
            if Self.isSeparator(characters[index]) {
                index += 1
                continue
            }
            let start = index
            while index < characters.count, !Self.isSeparator(characters[index]) { index += 1 }
            tokens.append(Token(characters[start..<index], offset: start, original: original))
        }

        guard let first = tokens.first, let last = tokens.last else {
            throw ParseError(
                field: nil, offset: 0,
                message: "the cron expression is empty; write 6 or 7 fields (\(fieldSummary)), e.g. \"0 0 2 ? * TUE\"")
        }
        let text = first.offset == 0 && last.endOffset == characters.count
            ? original : String(Array(original)[first.offset..<last.endOffset])
        if tokens.count == 5, let unix = UnixCron(tokens.map(\.text)) {
            let equivalent = unix.quartzEquivalent.map { "; the Quartz form of \"\(text)\" is \"\($0)\"" }
                ?? "; Unix cron fires when either restricted day field matches, which Quartz cannot say: set one of them to '?'"
            throw ParseError(
                field: nil, offset: first.offset,
                message: "the cron expression has 5 fields, as a Unix crontab line has; Quartz cron, which Canvas uses, starts with "
                    + "seconds (\(fieldSummary)) and numbers the days of the week from 1 = Sunday (Unix: 0 or 7 = Sunday, 1 = "
                    + "Monday), so do not just add a field" + equivalent)
        }
        if tokens.count < 6 {
            let missing = Field.allCases[tokens.count]
            throw ParseError(
                field: nil, offset: last.endOffset,
                message: "the cron expression has \(tokens.count) field\(tokens.count == 1 ? "" : "s") "
                    + "but needs 6 or 7 "
                    + "(\(fieldSummary)); the \(missing.rawValue) field is missing")
        }
        if tokens.count > 7 {
            throw ParseError(
                field: nil, offset: tokens[7].offset,
                message: "the cron expression has \(tokens.count) fields but at most 7 are allowed "
                    + "(\(fieldSummary)); remove everything from \"\(tokens[7].text)\" on")
        }

        let seconds = try FieldParser(.seconds).values(of: tokens[0])
        let minutes = try FieldParser(.minutes).values(of: tokens[1])
        let hours = try FieldParser(.hours).values(of: tokens[2])
        let dayOfMonth = try FieldParser(.dayOfMonth).dayOfMonth(tokens[3])
        let months = try FieldParser(.month).values(of: tokens[4])
        let dayOfWeek = try FieldParser(.dayOfWeek).dayOfWeek(tokens[5])
        let years =
            tokens.count == 7
            ? try FieldParser(.year).values(of: tokens[6])
            : Array(CronSchedule.firstYear...CronSchedule.lastYear)

        let days: CronSchedule.DaySelector
        switch (dayOfMonth, dayOfWeek) {
        case (.selector(let selector), .noSpecificValue), (.noSpecificValue, .selector(let selector)):
            days = selector
        case (.noSpecificValue, .noSpecificValue):
            throw ParseError(
                field: .dayOfWeek, offset: tokens[5].offset,
                message: "day-of-month and day-of-week are both '?', but exactly one of them must be '?'; "
                    + "put '*' (every day) or specific days in one of them")
        case (.selector, .selector):
            if tokens[5].upper == ["*"] {
                throw ParseError(
                    field: .dayOfWeek, offset: tokens[5].offset,
                    message: "day-of-month and day-of-week are both set, but Quartz needs '?' in one of them; "
                        + "use '?' as the day-of-week to fire on the days of the month given")
            } else if tokens[3].upper == ["*"] {
                throw ParseError(
                    field: .dayOfMonth, offset: tokens[3].offset,
                    message: "day-of-month and day-of-week are both set, but Quartz needs '?' in one of them; "
                        + "use '?' as the day-of-month to fire on the days of the week given")
            } else {
                throw ParseError(
                    field: .dayOfWeek, offset: tokens[5].offset,
                    message: "day-of-month and day-of-week are both set, but Quartz does not support "
                        + "specifying both; replace one of them with '?'")
            }
        }

        let schedule = CronSchedule(
            seconds: seconds, minutes: minutes, hours: hours, days: days, months: months, years: years)
        return (text, schedule)
    }

    // MARK: Characters

    static func asciiUppercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        guard scalar.value >= 0x61, scalar.value <= 0x7A else { return scalar }
        return Unicode.Scalar(UInt8(scalar.value - 0x20))
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x30 && scalar.value <= 0x39
    }

    static func isDigit(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return ascii >= 0x30 && ascii <= 0x39
    }

    static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
    }
}

/// Parses the tokens of one field according to that field's Quartz rules.
private struct FieldParser {
    typealias Field = CronExpression.Field
    typealias ParseError = CronExpression.ParseError
    typealias Token = CronParser.Token

    let field: Field
    /// The values the field accepts.
    let range: ClosedRange<Int>
    /// Names for the values, starting at `range.lowerBound`; empty if the field has none.
    let names: [String]
    /// The largest `/` increment Quartz accepts for the field.
    let maxIncrement: Int

    init(_ field: Field) {
        self.field = field
        switch field {
        case .seconds, .minutes: (range, names, maxIncrement) = (0...59, [], 59)
        case .hours: (range, names, maxIncrement) = (0...23, [], 23)
        case .dayOfMonth: (range, names, maxIncrement) = (1...31, [], 31)
        case .month:
            (range, names, maxIncrement) = (
                1...12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 12
            )
        case .dayOfWeek: (range, names, maxIncrement) = (1...7, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], 7)
        case .year:
            (range, names, maxIncrement) = (
                CronSchedule.firstYear...CronSchedule.lastYear, [], CronSchedule.lastYear - CronSchedule.firstYear
            )
        }
    }

    var name: String { field.rawValue }

    var rangeDescription: String {
        let numbers = "\(range.lowerBound)-\(range.upperBound)"
        guard let first = names.first, let last = names.last else { return numbers }
        return "\(numbers) (or \(first)-\(last))"
    }

    func failure(at offset: Int, _ message: String) -> ParseError {
        ParseError(field: field, offset: offset, message: message)
    }

    // MARK: Fields

    /// A plain field: `*`, values, ranges, lists and increments.
    func values(of token: Token) throws(ParseError) -> [Int] {
        try rejectQuestionMark(in: token)
        // A presence table over the field's range: sorted and duplicate-free by construction, and
        // cheaper than a Set for ranges of at most 130 values.
        var present = [Bool](repeating: false, count: range.count)
        for entry in try entries(of: token) {
            for value in try parseEntry(entry) {
                present[value - range.lowerBound] = true
            }
        }
        var values: [Int] = []
        values.reserveCapacity(present.count)
        for (index, isPresent) in present.enumerated() where isPresent {
            values.append(range.lowerBound + index)
        }
        return values
    }

    func dayOfMonth(_ token: Token) throws(ParseError) -> CronParser.DayField {
        if token.upper == ["?"] { return .noSpecificValue }
        try rejectQuestionMark(in: token)
        let entries = try entries(of: token)
        for entry in entries where entry.upper.contains("L") || entry.upper.contains("W") {
            guard entries.count == 1 else {
                throw failure(
                    at: entry.offset,
                    "day-of-month '\(entry.text)' cannot be combined with other days in a list; "
                        + "L, L-n, LW and nW must be the whole day-of-month field")
            }
            return .selector(try lastOrNearestWeekday(entry))
        }
        let values = try values(of: token)
        return .selector(values.count == range.count ? .everyDay : .daysOfMonth(values))
    }

    func dayOfWeek(_ token: Token) throws(ParseError) -> CronParser.DayField {
        if token.upper == ["?"] { return .noSpecificValue }
        try rejectQuestionMark(in: token)
        let entries = try entries(of: token)
        for entry in entries where entry.upper.contains("L") || entry.upper.contains("#") {
            guard entries.count == 1 else {
                throw failure(
                    at: entry.offset,
                    "day-of-week '\(entry.text)' cannot be combined with other days in a list; "
                        + "L, nL and n#k must be the whole day-of-week field")
            }
            return .selector(try lastOrNthWeekday(entry))
        }
        let values = try values(of: token)
        return .selector(values.count == range.count ? .everyDay : .daysOfWeek(values))
    }

    // MARK: Pieces

    private func rejectQuestionMark(in token: Token) throws(ParseError) {
        guard let index = token.upper.firstIndex(of: "?") else { return }
        if field == .dayOfMonth || field == .dayOfWeek {
            throw failure(
                at: token.offset + index,
                "'?' must be the whole \(name) field; it cannot be combined with other values")
        }
        throw failure(
            at: token.offset + index,
            "'?' is only allowed in day-of-month and day-of-week; use '*' for every \(name) value")
    }

    /// Splits a field on commas, rejecting empty entries.
    private func entries(of token: Token) throws(ParseError) -> [Token] {
        // Most fields are one entry: the token itself.
        if !token.upper.isEmpty, !token.upper.contains(",") { return [token] }
        var entries: [Token] = []
        var start = 0
        for index in 0...token.count where index == token.count || token.upper[index] == "," {
            if index == start {
                // An empty entry: point at the superfluous comma.
                let comma = index < token.count ? index : index - 1
                throw failure(
                    at: token.offset + comma, "\(name) list '\(token.text)' has an empty entry; remove the extra ','")
            }
            entries.append(Token(token.upper[start..<index], offset: token.offset + start, original: token.original))
            start = index + 1
        }
        return entries
    }

    /// `*`, `v`, `a-b`, each optionally followed by `/n`.
    private func parseEntry(_ entry: Token) throws(ParseError) -> [Int] {
        let upper = entry.upper
        var index = 0
        var start: Int
        var end: Int
        var hasEnd = false
        switch upper[0] {
        case "*":
            (start, end, hasEnd) = (range.lowerBound, range.upperBound, true)
            index = 1
            if index < upper.count, upper[index] != "/" {
                throw failure(
                    at: entry.offset + index,
                    "unexpected '\(entry.character(at: index))' after '*' in \(name); write '*', '*/n' or values")
            }
        case "/":
            throw failure(
                at: entry.offset,
                "\(name) increment '\(entry.text)' needs a start value before the '/', "
                    + "e.g. '\(range.lowerBound)\(entry.text)' or '*\(entry.text)'")
        case "-":
            throw failure(at: entry.offset, "\(name) range '\(entry.text)' is missing its start value")
        default:
            (start, index) = try value(in: entry, at: 0)
            end = start
            if index < upper.count, upper[index] == "-" {
                let dash = index
                index += 1
                if index == upper.count || upper[index] == "/" {
                    throw failure(at: entry.offset + dash, "\(name) range '\(entry.text)' is missing its end value")
                }
                (end, index) = try value(in: entry, at: index)
                hasEnd = true
            }
        }

        var step = 1
        if index < upper.count, upper[index] == "/" {
            (step, index) = try increment(in: entry, slash: index)
            if !hasEnd { end = range.upperBound }
        }
        if index < upper.count {
            throw unexpectedCharacter(in: entry, at: index)
        }
        return try expand(from: start, to: end, by: step, entry: entry)
    }

    /// All values from `start` to `end` by `step`; a backwards range wraps around
    /// the end of the field, as in Quartz (`FRI-MON`, `22-2`).
    private func expand(from start: Int, to end: Int, by step: Int, entry: Token) throws(ParseError) -> [Int] {
        if start <= end { return Array(stride(from: start, through: end, by: step)) }
        guard field != .year else {
            throw failure(
                at: entry.offset, "year range '\(entry.text)' runs backwards; year ranges cannot wrap around")
        }
        let size = range.count
        return stride(from: start, through: end + size, by: step).map { value in
            let wrapped = value % size
            return wrapped == 0 && range.lowerBound == 1 ? size : wrapped
        }
    }

    /// A number or (in month and day-of-week) a three-letter name starting at `index`,
    /// ending at the first character that is not a letter or digit, or at `limit`.
    private func value(
        in entry: Token, at index: Int, upTo limit: Int? = nil
    ) throws(ParseError) -> (value: Int, end: Int) {
        let limit = limit ?? entry.count
        var end = index
        while end < limit, CronParser.isLetterOrDigit(entry.upper[end]) { end += 1 }
        guard end > index else {
            if index < entry.count { throw unexpectedCharacter(in: entry, at: index) }
            throw failure(
                at: entry.offset + max(index - 1, 0), "\(name) '\(entry.text)' ends where a value is expected")
        }
        let word = entry.upper[index..<end]
        if word.allSatisfy(CronParser.isDigit) {
            let number = CronParser.number(word)
            guard range.contains(number) else {
                throw failure(at: entry.offset + index, "\(name) value \(entry.text(index..<end)) is out of range \(rangeDescription)")
            }
            return (number, end)
        }
        let upperWord = String(String.UnicodeScalarView(word))
        if let position = names.firstIndex(of: upperWord) {
            return (range.lowerBound + position, end)
        }
        throw failure(at: entry.offset + index, invalidWordMessage(written: entry.text(index..<end), word: upperWord))
    }

    private func invalidWordMessage(written: String, word: String) -> String {
        // A Quartz special character used in a field that does not support it.
        let suffix = word.drop(while: CronParser.isDigit)
        if (suffix == "L" || suffix == "LW") && field != .dayOfMonth && field != .dayOfWeek {
            return "'L' (last) is only allowed in day-of-month and day-of-week, not in \(name)"
        }
        if suffix == "W" && field != .dayOfMonth {
            return "'W' (nearest weekday) is only allowed in day-of-month, not in \(name)"
        }
        if !names.isEmpty, word.allSatisfy({ !CronParser.isDigit($0) }) {
            return "'\(written)' is not a \(name) name; use \(rangeDescription)"
        }
        return "'\(written)' is not a valid \(name) value; use \(rangeDescription)"
    }

    /// The number after the `/` at `slash`.
    private func increment(in entry: Token, slash: Int) throws(ParseError) -> (value: Int, end: Int) {
        let start = slash + 1
        var end = start
        while end < entry.count, CronParser.isDigit(entry.upper[end]) { end += 1 }
        guard end > start else {
            if start == entry.count {
                throw failure(
                    at: entry.offset + slash,
                    "\(name) increment is missing after '/'; write e.g. '\(entry.text(0..<start))5'")
            }
            var wordEnd = start
            while wordEnd < entry.count, CronParser.isLetterOrDigit(entry.upper[wordEnd]) { wordEnd += 1 }
            if wordEnd == start { throw unexpectedCharacter(in: entry, at: start) }
            throw failure(
                at: entry.offset + start, "\(name) increment '\(entry.text(start..<wordEnd))' is not a number")
        }
        let step = CronParser.number(entry.upper[start..<end])
        guard (1...maxIncrement).contains(step) else {
            throw failure(at: entry.offset + start, "\(name) increment \(entry.text(start..<end)) is out of range 1-\(maxIncrement)")
        }
        return (step, end)
    }

    private func unexpectedCharacter(in entry: Token, at index: Int) -> ParseError {
        let character = entry.character(at: index)
        if character == "#" && field != .dayOfWeek {
            return failure(
                at: entry.offset + index, "'#' (n-th day of the week) is only allowed in day-of-week, not in \(name)")
        }
        return failure(at: entry.offset + index, "unexpected '\(character)' in \(name) '\(entry.text)'")
    }

    // MARK: Day specials

    /// `L`, `L-n`, `LW`, `L-nW` and `nW` in day-of-month.
    private func lastOrNearestWeekday(_ entry: Token) throws(ParseError) -> CronSchedule.DaySelector {
        let upper = entry.upper
        if upper[0] == "L" {
            var index = 1
            var offset = 0
            if index < upper.count, upper[index] == "-" {
                let start = index + 1
                var end = start
                while end < upper.count, CronParser.isDigit(upper[end]) { end += 1 }
                guard end > start else {
                    throw failure(
                        at: entry.offset + index,
                        "day-of-month 'L-' needs the number of days before the last day of the month, e.g. 'L-3'")
                }
                let written = entry.text(start..<end)
                offset = Int(written) ?? Int.max
                guard offset <= 30 else {
                    throw failure(
                        at: entry.offset + start,
                        "day-of-month offset \(written) from the last day is out of range 0-30")
                }
                index = end
            }
            var nearestWeekday = false
            if index < upper.count, upper[index] == "W" {
                nearestWeekday = true
                index += 1
            }
            guard index == upper.count else {
                throw failure(
                    at: entry.offset + index,
                    "unexpected '\(entry.character(at: index))' in day-of-month '\(entry.text)'; use L, L-n, LW or L-nW")
            }
            return .lastDayOfMonth(offset: offset, nearestWeekday: nearestWeekday)
        }

        guard let w = upper.firstIndex(of: "W"), w == upper.count - 1, !upper.contains("L") else {
            let at = upper.firstIndex(where: { $0 == "L" || $0 == "W" }) ?? 0
            throw failure(
                at: entry.offset + at,
                "day-of-month '\(entry.text)' is not valid; 'L' must come first (L, L-n, LW) "
                    + "and 'W' must follow a single day (e.g. 15W)")
        }
        guard w > 0 else {
            throw failure(at: entry.offset, "day-of-month 'W' needs a day before it, e.g. '15W'")
        }
        guard upper[0..<w].allSatisfy(CronParser.isDigit) else {
            if upper[0..<w].contains(where: { $0 == "-" || $0 == "," || $0 == "/" || $0 == "*" }) {
                throw failure(
                    at: entry.offset,
                    "day-of-month 'W' can only follow a single day (e.g. 15W), not a range, increment or '*'")
            }
            let (_, end) = try value(in: entry, at: 0, upTo: w)
            throw unexpectedCharacter(in: entry, at: end)
        }
        let (day, _) = try value(in: entry, at: 0, upTo: w)
        return .nearestWeekday(to: day)
    }

    /// `L`, `nL` and `n#k` in day-of-week.
    private func lastOrNthWeekday(_ entry: Token) throws(ParseError) -> CronSchedule.DaySelector {
        let upper = entry.upper
        if upper == ["L"] { return .daysOfWeek([7]) }

        if let hash = upper.firstIndex(of: "#") {
            guard hash > 0 else {
                throw failure(at: entry.offset, "day-of-week '#' needs a day before it, e.g. '6#3' or 'FRI#3'")
            }
            let (weekday, end) = try value(in: entry, at: 0, upTo: hash)
            guard end == hash else {
                throw failure(
                    at: entry.offset,
                    "day-of-week '#' must follow a single day (e.g. 6#3 or FRI#3), not '\(entry.text(0..<hash))'")
            }
            let start = hash + 1
            var stop = start
            while stop < upper.count, CronParser.isDigit(upper[stop]) { stop += 1 }
            guard stop > start else {
                throw failure(
                    at: entry.offset + hash,
                    "day-of-week '#' must be followed by which occurrence in the month (1-5), e.g. '6#3'")
            }
            guard stop == upper.count else { throw unexpectedCharacter(in: entry, at: stop) }
            let written = entry.text(start..<stop)
            let occurrence = Int(written) ?? Int.max
            guard (1...5).contains(occurrence) else {
                throw failure(
                    at: entry.offset + start,
                    "day-of-week occurrence \(written) in '\(entry.text)' is out of range 1-5")
            }
            return .nthWeekdayOfMonth(weekday: weekday, occurrence: occurrence)
        }

        let last = upper.count - 1
        guard upper[last] == "L", let firstL = upper.firstIndex(of: "L"), firstL == last else {
            let at = upper.firstIndex(of: "L") ?? 0
            throw failure(
                at: entry.offset + at,
                "day-of-week 'L' must stand alone (Saturday) or follow a single day, e.g. '6L' or 'FRIL'")
        }
        let (weekday, end) = try value(in: entry, at: 0, upTo: last)
        guard end == last else {
            throw failure(
                at: entry.offset,
                "day-of-week 'L' must follow a single day (e.g. 6L or FRIL), not '\(entry.text(0..<last))'")
        }
        return .lastWeekdayOfMonth(weekday)
    }
}

import Foundation
import FuzzSupport
import Manifest

/// Fuzzes the Quartz cron parser (`CronExpression.init`, and through it the Unix five-field
/// advice): any text parses or fails with an offset inside it; a valid expression's normalised
/// text parses back to an equal expression and is stable; the next fire times (in UTC and in a
/// zone with daylight saving) are increasing, after the start, and the same for the normalised
/// expression.
@main
struct FuzzCron {
    static func main() {
        FuzzTarget.main(test)
    }

    /// 2026-03-29 00:30 UTC: the night Oslo's clocks go forward.
    static let start = Date(timeIntervalSince1970: 1_774_744_200)
    static let zones = [TimeZone(identifier: "UTC"), TimeZone(identifier: "Europe/Oslo")].compactMap { $0 }

    @Sendable static func test(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let expression: CronExpression
        do throws(CronExpression.ParseError) {
            expression = try CronExpression(text)
        } catch {
            FuzzTarget.check((0...text.count).contains(error.offset), "an error at offset \(error.offset) of \(text.count): \(error)")
            FuzzTarget.check(!error.message.isEmpty, "an error without a message")
            return
        }
        // The fields are separated by ASCII white space only.
        FuzzTarget.check(expression.text == text.trimmingCharacters(in: CharacterSet(charactersIn: " \t\n\r")),
                         "the text '\(expression.text)' of '\(text)'")
        FuzzTarget.check((try? CronExpression(expression.text)) == expression, "'\(expression.text)' does not parse back to itself")
        let normalized: CronExpression
        do throws(CronExpression.ParseError) {
            normalized = try CronExpression(expression.normalizedText)
        } catch {
            FuzzTarget.check(false, "the normalised text '\(expression.normalizedText)' of '\(text)' does not parse: \(error)")
            return
        }
        FuzzTarget.check(normalized == expression && normalized.hashValue == expression.hashValue,
                         "'\(expression.normalizedText)' means something else than '\(text)'")
        FuzzTarget.check(normalized.normalizedText == expression.normalizedText,
                         "normalising '\(expression.normalizedText)' gives '\(normalized.normalizedText)'")
        for zone in zones {
            let dates = expression.nextFireDates(after: start, count: 4, in: zone)
            FuzzTarget.check(dates.allSatisfy { $0 > start }, "a fire time before the start in \(zone.identifier)")
            FuzzTarget.check(zip(dates, dates.dropFirst()).allSatisfy { $0 < $1 }, "fire times out of order in \(zone.identifier)")
            FuzzTarget.check(normalized.nextFireDates(after: start, count: 4, in: zone) == dates,
                             "the normalised expression fires at other times in \(zone.identifier)")
            FuzzTarget.check(expression.nextFireDate(after: start, in: zone) == dates.first, "nextFireDate is not the first of nextFireDates")
        }
    }
}

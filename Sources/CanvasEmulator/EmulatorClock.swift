import Foundation

/// Timestamps in the forms the document's examples use: `2022-04-19T15:56:22.1133746` (UTC, seven
/// fraction digits, no zone) for most dates and `2022-04-12T10:35:32.731+00:00` for `dateLastRun`.
enum EmulatorClock {
    /// Now, as `dateCreated`/`dateModified` are written.
    static func timestamp(_ date: Date = Date()) -> String {
        let (base, fraction) = parts(date)
        return base + "." + String(format: "%07d", Int(fraction * 10_000_000) % 10_000_000)
    }

    /// Now, as `dateLastRun` is written.
    static func timestampWithOffset(_ date: Date = Date()) -> String {
        let (base, fraction) = parts(date)
        return base + "." + String(format: "%03d", Int(fraction * 1000) % 1000) + "+00:00"
    }

    private static func parts(_ date: Date) -> (String, Double) {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let components = Calendar.utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: seconds))
        let base = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", components.year ?? 1970, components.month ?? 1, components.day ?? 1,
            components.hour ?? 0, components.minute ?? 0, components.second ?? 0
        )
        return (base, date.timeIntervalSince1970 - seconds)
    }
}

extension Calendar {
    fileprivate static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0)!
        return calendar
    }()
}

import ArgumentParser

/// `--lock-timeout DURATION`: how long a run waits for the state's lock when another run holds it,
/// written as Terraform writes it (`0`, `30s`, `5m`, `1h`, `1m30s`). The default, 0, refuses at once.
struct LockTimeout: ExpressibleByArgument, Sendable, Equatable {
    var duration: Duration

    static let zero = LockTimeout(duration: .zero)

    init(duration: Duration) {
        self.duration = duration
    }

    /// `0`, or numbers each followed by `h`, `m`, `s` or `ms`, largest first or in any order.
    init?(argument: String) {
        if argument == "0" {
            self.init(duration: .zero)
            return
        }
        var total = Duration.zero
        var digits = ""
        var rest = Substring(argument)
        guard !rest.isEmpty else { return nil }
        while let character = rest.first {
            if character.isASCII, character.isNumber {
                digits.append(character)
                rest.removeFirst()
                continue
            }
            guard let amount = Int64(digits) else { return nil }
            digits = ""
            if rest.hasPrefix("ms") {
                total += .milliseconds(amount)
                rest.removeFirst(2)
            } else {
                switch character {
                case "h": total += .seconds(amount * 3600)
                case "m": total += .seconds(amount * 60)
                case "s": total += .seconds(amount)
                default: return nil
                }
                rest.removeFirst()
            }
        }
        guard digits.isEmpty else { return nil }
        self.init(duration: total)
    }

    static var defaultValueDescription: String { "0" }
}

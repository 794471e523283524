import Foundation

/// Keeps secret values out of server text that could reach a person (error messages, logs).
///
/// A server may echo a request back in an error, in any escaping: as sent, JSON-escaped once or
/// twice, with `\u00XX` escapes or `\/`, percent-encoded. Replacing the forms one thought of lets
/// the others through, and a short secret ("21", "live") replaced in place garbles a message while
/// its absence still tells the reader where it stood. So server text is screened whole: when any
/// decoding of it holds a secret, it is withheld, and a sentence says why.
///
/// What counts as holding a secret: a value of up to 5 characters as a whole word (not inside a
/// longer word or number); one of 6 to 8 characters anywhere; of a longer one, any 8 characters
/// in a row (a server that echoes part of a key gives away that part).
struct SecretScrubber: Sendable, CustomStringConvertible, CustomReflectable {
    /// What replaces server text that holds a secret.
    static let withheld = "(the server's message is not shown: it repeats a sensitive value sent in the request)"

    /// The longest run of a long secret looked for; also the length from which a value is looked
    /// for in parts.
    private static let window = 8
    private static let shortest = 6

    /// The run's secrets (the keys, the manifests' secrets), shared by every call's scrubber;
    /// each call adds its own few (``adding(_:)``) without copying them: an apply makes thousands.
    private let shared: Secrets
    private let own: [String]

    /// Values, kept as given: made into Unicode scalars only when there is text to screen, which
    /// is an error's (rare) path.
    private final class Secrets: Sendable {
        let values: [String]

        init(_ values: [String]) {
            self.values = values
        }
    }

    init(_ secrets: [String]) {
        self.shared = Secrets(secrets)
        self.own = []
    }

    private init(shared: Secrets, own: [String]) {
        self.shared = shared
        self.own = own
    }

    var description: String { "SecretScrubber(\(shared.values.count + own.count) values, not shown)" }
    var customMirror: Mirror { Mirror(self, children: ["values": "\(shared.values.count + own.count) (not shown)"]) }

    /// `text`, or ``withheld`` when any form of it holds a secret.
    func scrub(_ text: String) -> String {
        var seen = Set<String>()
        let secrets = (shared.values + own).filter { !$0.isEmpty && seen.insert($0).inserted }.map { Array($0.unicodeScalars) }
        guard !secrets.isEmpty else { return text }
        for form in Self.forms(of: text) where Self.holdsSecret(form, secrets) {
            return Self.withheld
        }
        return text
    }

    /// This scrubber with `more` values of the whole run, shared by every scrubber made from it.
    func sharing(_ more: [String]) -> SecretScrubber {
        SecretScrubber(shared: Secrets(shared.values + own + more), own: [])
    }

    /// This scrubber with `more` values of one call: those of the run stay shared, not copied.
    func adding(_ more: [String]) -> SecretScrubber {
        more.isEmpty ? self : SecretScrubber(shared: shared, own: own + more)
    }

    private static func holdsSecret(_ text: [Unicode.Scalar], _ secrets: [[Unicode.Scalar]]) -> Bool {
        for secret in secrets {
            if secret.count < shortest {
                if containsWord(secret, in: text) { return true }
            } else if secret.count <= window {
                if contains(secret[...], in: text) { return true }
            } else {
                for start in 0...(secret.count - window) where contains(secret[start..<(start + window)], in: text) {
                    return true
                }
            }
        }
        return false
    }

    private static func contains(_ part: ArraySlice<Unicode.Scalar>, in text: [Unicode.Scalar]) -> Bool {
        firstIndex(of: part, in: text, from: 0) != nil
    }

    private static func firstIndex(of part: ArraySlice<Unicode.Scalar>, in text: [Unicode.Scalar], from start: Int) -> Int? {
        guard !part.isEmpty, text.count - start >= part.count else { return nil }
        for index in start...(text.count - part.count) where text[index] == part.first! {
            if text[index..<(index + part.count)].elementsEqual(part) { return index }
        }
        return nil
    }

    /// Whether `word` stands in `text` with no letter or digit right before or after it.
    private static func containsWord(_ word: [Unicode.Scalar], in text: [Unicode.Scalar]) -> Bool {
        var start = 0
        while let index = firstIndex(of: word[...], in: text, from: start) {
            let end = index + word.count
            let before = index == 0 || !isWordCharacter(text[index - 1]) || !isWordCharacter(word[0])
            let after = end == text.count || !isWordCharacter(text[end]) || !isWordCharacter(word[word.count - 1])
            if before && after { return true }
            start = index + 1
        }
        return false
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// The text as it stands and as each layer of JSON escaping and percent-encoding undone reads
    /// (up to four layers: a body escaped inside a message escaped inside a body is already rare).
    static func forms(of text: String) -> [[Unicode.Scalar]] {
        var forms: [[Unicode.Scalar]] = [Array(text.unicodeScalars)]
        var current = text
        for _ in 0..<4 {
            var next = jsonUnescaped(current)
            if let decoded = next.removingPercentEncoding { next = decoded }
            guard next != current else { break }
            forms.append(Array(next.unicodeScalars))
            current = next
        }
        return forms
    }

    /// `text` with JSON's backslash escapes read (`\"`, `\\`, `\/`, `\n`, `\uXXXX` with surrogate
    /// pairs); anything else is kept as it is.
    static func jsonUnescaped(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var pendingHigh: UInt32?
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "\\", index + 1 < scalars.count else {
                output.append(scalar)
                index += 1
                continue
            }
            let next = scalars[index + 1]
            switch next {
            case "\"", "\\", "/": output.append(next)
            case "n": output.append("\n")
            case "t": output.append("\t")
            case "r": output.append("\r")
            case "b": output.append("\u{08}")
            case "f": output.append("\u{0C}")
            case "u" where index + 5 < scalars.count:
                let digits = String(String.UnicodeScalarView(scalars[(index + 2)..<(index + 6)]))
                guard let value = UInt32(digits, radix: 16) else {
                    output.append(scalar)
                    index += 1
                    continue
                }
                if (0xD800..<0xDC00).contains(value) {
                    pendingHigh = value
                } else if (0xDC00..<0xE000).contains(value), let high = pendingHigh {
                    if let combined = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00)) { output.append(combined) }
                    pendingHigh = nil
                } else if let decoded = Unicode.Scalar(value) {
                    output.append(decoded)
                }
                index += 6
                continue
            default:
                output.append(scalar)
                index += 1
                continue
            }
            index += 2
        }
        return String(output)
    }
}

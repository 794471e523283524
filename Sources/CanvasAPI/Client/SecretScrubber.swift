import Foundation

/// Removes known secret values from text that could reach a person (error messages, logs).
///
/// A server may echo a request back in an error; whatever it echoes, the keys and the credential
/// values this client sent never come out of the client.
struct SecretScrubber: Sendable, CustomStringConvertible, CustomReflectable {
    private let secrets: [String]

    init(_ secrets: [String]) {
        // Each secret also as it reads inside JSON text (escaped quotes, slashes, backslashes).
        // Very short values ("test", "21") are left alone: scrubbing them would garble messages
        // while hiding nothing.
        let forms = secrets.filter { $0.count >= 6 }.flatMap { [$0, Self.jsonEscaped($0)] }
        // Longest first, so that a secret containing another is removed whole.
        self.secrets = Array(Set(forms)).sorted { $0.count > $1.count }
    }

    var description: String { "SecretScrubber(\(secrets.count) values, not shown)" }
    var customMirror: Mirror { Mirror(self, children: ["values": "\(secrets.count) (not shown)"]) }

    static func jsonEscaped(_ text: String) -> String {
        guard let data = try? JSONEncoder().encode(text), var escaped = String(data: data, encoding: .utf8) else { return text }
        escaped.removeFirst()
        escaped.removeLast()
        return escaped
    }

    func scrub(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "(sensitive)")
        }
        return result
    }

    func adding(_ more: [String]) -> SecretScrubber {
        SecretScrubber(secrets + more)
    }
}

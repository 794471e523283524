import Foundation

/// Removes known secret values from text that could reach a person (error messages, logs).
///
/// A server may echo a request back in an error; whatever it echoes, the keys and the credential
/// values this client sent never come out of the client.
struct SecretScrubber: Sendable {
    private let secrets: [String]

    init(_ secrets: [String]) {
        // Longest first, so that a secret containing another is removed whole.
        self.secrets = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
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

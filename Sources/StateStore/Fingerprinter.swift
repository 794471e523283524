import Crypto
import Foundation
public import JSONSupport

/// Makes keyed fingerprints of secret and write-only values, so that the state can tell whether such
/// a value changed without holding it.
///
/// A plain hash of a secret would let anyone who reads the state guess it (try candidates, compare
/// hashes). A fingerprint here is HMAC-SHA256 under a key derived from the API secret with
/// HKDF-SHA256, so the state alone does not allow guessing: two secrets give different fingerprints
/// of the same value, and one secret always gives the same one. The key is never shown: not in the
/// description, not in a debug dump.
public struct Fingerprinter: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// What every fingerprint starts with; it names the algorithm, so another can follow one day.
    public static let prefix = "hmac-sha256:"

    private static let salt = Data("canvasctl state fingerprints v1".utf8)

    /// What the fingerprints are for: each purpose has a key of its own, derived from the same
    /// secret, so that a value made for one is never accepted for the other.
    public enum Purpose: Sendable {
        /// The state's and the plans' fingerprints of secret and write-only values.
        case fingerprints
        /// The authentication code of a saved plan (``SavedPlan`` in the CLI).
        case savedPlans

        var info: Data {
            switch self {
            case .fingerprints: Data("fingerprint".utf8)
            case .savedPlans: Data("saved plan".utf8)
            }
        }
    }

    /// HMAC-SHA256 with the key already taken in: each fingerprint starts from a copy of it
    /// instead of hashing the key again (a plan of 2,000 applications makes 4,000 fingerprints).
    private let keyed: HMAC<SHA256>

    /// A fingerprinter keyed by `secret` (the API secret) for `purpose`. The secret itself is not
    /// kept, only an HMAC keyed with the 32-byte key derived from it.
    public init(secret: String, purpose: Purpose = .fingerprints) {
        let key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secret.utf8)),
            salt: Self.salt,
            info: purpose.info,
            outputByteCount: 32
        )
        keyed = HMAC(key: key)
    }

    /// `hmac-sha256:` followed by the lowercase hex of HMAC-SHA256(key, UTF-8 of `value`).
    public func fingerprint(_ value: String) -> String {
        var code = keyed
        var text = value
        text.withUTF8 { code.update(data: $0) }
        return Self.prefix + Self.hex(code.finalize())
    }

    /// `hmac-sha256:` followed by the lowercase hex of HMAC-SHA256(key, `bytes`).
    public func fingerprint(bytes: [UInt8]) -> String {
        var code = keyed
        code.update(data: bytes)
        return Self.prefix + Self.hex(code.finalize())
    }

    /// The fingerprint of a JSON value: of its canonical JSON text (compact, keys sorted), so equal
    /// values give equal fingerprints whatever order their keys came in. Note that
    /// `fingerprint(.string("x"))` is the fingerprint of `"x"` with its quotes, not of `x`.
    public func fingerprint(_ value: StateValue) -> String {
        fingerprint(value.jsonText)
    }

    /// Whether `code` is the fingerprint of `value`, compared in constant time: for authentication
    /// codes, where an early exit would tell an attacker how much of a forged code is right.
    public func verifies(_ code: String, of value: String) -> Bool {
        let expected = Array(fingerprint(value).utf8)
        let given = Array(code.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ given[index] }
        return difference == 0
    }

    /// True when `text` has the form of a fingerprint made here: the prefix and 64 lowercase hex digits.
    /// Used to refuse anything else (a plain value put in the wrong place) before it is written.
    public static func isFingerprint(_ text: String) -> Bool {
        guard text.hasPrefix(prefix) else { return false }
        let digits = text.utf8.dropFirst(prefix.utf8.count)
        return digits.count == 64 && digits.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    public var description: String { "Fingerprinter(hmac-sha256, key hidden)" }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits: StaticString = "0123456789abcdef"
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits.utf8Start[Int(byte >> 4)])
            text.append(digits.utf8Start[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

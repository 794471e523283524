/// The secrets a client authenticates with: the `Consumer`/`SecretKey` pair, or the bearer token the
/// emulator makes up on every start (the document shows `Authorization: Bearer` being used but not
/// how a token is obtained, so the emulator prints one instead).
struct EmulatorKeys: Sendable {
    let consumer: String
    let secret: String
    let token: String

    /// A key like the document's Consumer example: 64 upper-case hexadecimal digits.
    static func newConsumerKey() -> String {
        hex(byteCount: 32).uppercased()
    }

    /// A key like the document's SecretKey example (a GUID-like text).
    static func newSecretKey() -> String {
        let digits = hex(byteCount: 16)
        let parts = [digits.prefix(8), digits.dropFirst(8).prefix(4), digits.dropFirst(12).prefix(4), digits.dropFirst(16).prefix(4), digits.dropFirst(20)]
        return parts.joined(separator: "-")
    }

    /// A token: 48 random bytes as hexadecimal.
    static func newToken() -> String {
        hex(byteCount: 48)
    }

    private static func hex(byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        for _ in 0..<byteCount {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text += String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
        }
        return text
    }
}

/// A URL someone gave canvasctl, as it may be printed: with any `user:password@` replaced by
/// `***@`. A base URL may carry credentials in its userinfo, and everything canvasctl prints may be
/// posted on a pull request; every message, log line or description that shows such a URL shows
/// this instead.
///
/// The text is not parsed as a URL first, so that one too malformed to parse (the very one an
/// error reports) is redacted as well: whatever comes between the scheme's `//` (or the start of the
/// text, when there is none) and the last `@` is hidden, a password holding `@`, `/` or `?`
/// included.
public struct RedactedURL: Sendable, CustomStringConvertible {
    /// The text as given; not for printing.
    private let text: String

    public init(_ text: String) {
        self.text = text
    }

    public var description: String {
        guard let at = text.lastIndex(of: "@") else { return text }
        let authorityStart: String.Index
        if let separator = text.firstRange(of: "//"), separator.upperBound <= at {
            authorityStart = separator.upperBound
        } else {
            authorityStart = text.startIndex
        }
        return String(text[..<authorityStart]) + "***" + String(text[at...])
    }
}

/// ANSI colour for a terminal, and nothing at all elsewhere or when `NO_COLOR` is set
/// (https://no-color.org).
struct TerminalStyle: Sendable {
    let enabled: Bool

    init(console: Console, stream: Console.Stream, environment: [String: String]) {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        enabled = console.isTerminal(stream) && !noColor && environment["TERM"] != "dumb"
    }

    func red(_ text: String) -> String { wrap(text, "31") }
    func bold(_ text: String) -> String { wrap(text, "1") }
    func cyan(_ text: String) -> String { wrap(text, "36") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

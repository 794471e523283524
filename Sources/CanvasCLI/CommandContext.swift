public import Foundation

/// What a command may use from the world around it: the environment and the console. Passed in,
/// never read from globals, so that tests can run any command in-process.
public struct CommandContext: Sendable {
    public var environment: [String: String]
    public var console: Console
    /// Set by the executable, which exits right after the command: see ``ExitRetainer``.
    public var exitRetainer: ExitRetainer?
    /// Reads one line a person typed (without its newline; nil at the end of input), when there is
    /// a person to ask: the executable sets it only when stdin is a terminal. Nil means no one can
    /// answer a prompt, as in CI.
    public var readLine: (@Sendable () -> String?)?
    /// The clock, for what a plan shows about time (a schedule's next fire times); fixed in tests.
    public var now: @Sendable () -> Date
    /// Where `apply` hears Ctrl-C, to stop cleanly; nil: not caught (the signals keep their default).
    public var interrupts: Interrupts?

    public init(
        environment: [String: String], console: Console, exitRetainer: ExitRetainer? = nil,
        readLine: (@Sendable () -> String?)? = nil, now: @escaping @Sendable () -> Date = { Date() },
        interrupts: Interrupts? = nil
    ) {
        self.environment = environment
        self.console = console
        self.exitRetainer = exitRetainer
        self.readLine = readLine
        self.now = now
        self.interrupts = interrupts
    }

    /// Hands a large result over to live until the process exits, when there is a process exit to
    /// wait for; otherwise it is freed as usual.
    func keepUntilExit(_ value: any Sendable) {
        exitRetainer?.retain(value)
    }
}

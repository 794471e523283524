/// What a command may use from the world around it: the environment and the console. Passed in,
/// never read from globals, so that tests can run any command in-process.
public struct CommandContext: Sendable {
    public var environment: [String: String]
    public var console: Console

    public init(environment: [String: String], console: Console) {
        self.environment = environment
        self.console = console
    }
}

import Foundation
import Synchronization

/// Where a command's output goes: the process's stdout and stderr, or buffers a test reads.
///
/// Commands never call `print`; they write through the console they are given, which is what lets
/// tests run them in-process and assert on exactly what a user would see.
public struct Console: Sendable {
    public enum Stream: Sendable {
        case output, error
    }

    private let write: @Sendable (Stream, String) -> Void
    /// Whether each stream is a terminal (colour and prompts are only for terminals).
    public let isTerminal: @Sendable (Stream) -> Bool

    public init(isTerminal: @escaping @Sendable (Stream) -> Bool, write: @escaping @Sendable (Stream, String) -> Void) {
        self.isTerminal = isTerminal
        self.write = write
    }

    /// Writes `text` and a newline to stdout.
    public func out(_ text: String) { write(.output, text + "\n") }
    /// Writes `text` as it is (no newline), for a status line rewritten in place.
    public func raw(_ text: String, to stream: Stream = .output) { write(stream, text) }
    /// Writes `text` and a newline to stderr.
    public func err(_ text: String) { write(.error, text + "\n") }

    /// The process's own stdout and stderr.
    public static let standard = Console(
        isTerminal: { stream in isatty(stream == .output ? STDOUT_FILENO : STDERR_FILENO) == 1 },
        write: { stream, text in
            // A closed stdout or stderr is not worth a crash: what cannot be written is dropped.
            let handle = stream == .output ? FileHandle.standardOutput : FileHandle.standardError
            try? handle.write(contentsOf: Data(text.utf8))
        }
    )
}

/// A console that keeps what is written, for tests and for embedding.
public final class CapturedConsole: Sendable {
    private let buffers = Mutex<(output: String, error: String)>(("", ""))
    private let terminal: Bool

    public init(terminal: Bool = false) {
        self.terminal = terminal
    }

    public var console: Console {
        Console(isTerminal: { [terminal] _ in terminal }) { [self] stream, text in
            self.buffers.withLock { value in
                if stream == .output { value.output += text } else { value.error += text }
            }
        }
    }

    public var output: String { buffers.withLock { $0.output } }
    public var error: String { buffers.withLock { $0.error } }
}

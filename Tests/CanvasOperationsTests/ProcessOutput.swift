import Foundation

/// What the process wrote to its stdout and stderr while a body ran: both descriptors pointed at a
/// scratch file for the time, then put back, and what was caught written on to stderr so that
/// nothing another test printed meanwhile is lost. Tests run at once in one process, so a caller
/// looks only for text its own body could have printed, and two captures must never overlap (the
/// second would put back the first one's file).
enum ProcessOutput {
    static func captured<T>(_ body: () async throws -> T) async rethrows -> (value: T, output: String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("canvasctl-output-\(UUID().uuidString)").path
        let file = open(path, O_CREAT | O_RDWR | O_TRUNC, 0o600)
        precondition(file >= 0, "cannot open \(path)")
        fflush(nil)
        let savedOut = dup(STDOUT_FILENO), savedError = dup(STDERR_FILENO)
        dup2(file, STDOUT_FILENO)
        dup2(file, STDERR_FILENO)
        func restore() -> String {
            fflush(nil)
            dup2(savedOut, STDOUT_FILENO)
            dup2(savedError, STDERR_FILENO)
            close(savedOut)
            close(savedError)
            close(file)
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: path)
            if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
            return text
        }
        do {
            let value = try await body()
            return (value, restore())
        } catch {
            _ = restore()
            throw error
        }
    }
}

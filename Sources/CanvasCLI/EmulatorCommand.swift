import SafeText
import ArgumentParser
import CanvasAPI
import CanvasEmulator

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `canvasctl emulator`: serves a local Canvas API until interrupted, so that the whole flow (and
/// tests, benchmarks and the quick start) works with no Canvas account.
struct EmulatorCommand: CanvasctlCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Serve a local Canvas API for tests and trying canvasctl out.",
        discussion: """
            Serves every endpoint of the Canvas REST API on loopback, seeded with the catalog \
            applications and workflow templates of the API document, and prints the base URL and \
            the keys to use:

              CANVAS_URL=http://127.0.0.1:PORT/api
              Consumer: …
              SecretKey: …
              Token: …

            Keys not given are generated (or, with --data, taken from the data file). Data is kept \
            in memory unless --data names a JSON file. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.

            Examples:
              canvasctl emulator --port 8080 --data .canvasctl/emulator.json
              canvasctl emulator --fail-rate 0.2 --seed 42 --latency-ms 50 --request-log requests.jsonl
              canvasctl emulator --latency-ms 20 --max-concurrent-per-account 8 --request-log requests.jsonl
            """
    )

    @Option(help: ArgumentHelp("Address to listen on.", valueName: "HOST"))
    var host: String = "127.0.0.1"

    @Option(help: ArgumentHelp("Port to listen on; 0 picks a free one.", valueName: "PORT"))
    var port: Int = 0

    @Option(name: .customLong("data"), help: ArgumentHelp("JSON file to keep the data in (created when missing); in memory when omitted.", valueName: "FILE"))
    var dataFile: String?

    @Option(name: .customLong("consumer-key"), help: ArgumentHelp("The Consumer key clients must send; generated when omitted.", valueName: "KEY"))
    var consumerKey: String?

    @Option(name: .customLong("secret-key"), help: ArgumentHelp("The SecretKey clients must send; generated when omitted.", valueName: "KEY"))
    var secretKey: String?

    @Option(name: .customLong("latency-ms"), help: ArgumentHelp("Milliseconds added to every response.", valueName: "N"))
    var latencyMilliseconds: Int = 0

    @Option(name: .customLong("fail-rate"), help: ArgumentHelp("Share of requests (0 to 1) that fail: a 500, a 429 or a dropped connection.", valueName: "R"))
    var failRate: Double = 0

    @Option(help: ArgumentHelp("Seed of the failure choice, so that a run can be repeated.", valueName: "N"))
    var seed: UInt64 = 1

    @Option(name: .customLong("max-concurrent-per-account"), help: ArgumentHelp(
        "Answer 429 (Retry-After: 1) to a request of an account that already has N in flight (default: no bound).",
        valueName: "N"
    ))
    var maxConcurrentPerAccount: Int?

    @Option(name: .customLong("request-log"), help: ArgumentHelp("File to append one JSON line per request to.", valueName: "FILE"))
    var requestLog: String?

    var emulatorConfiguration: EmulatorConfiguration {
        EmulatorConfiguration(
            host: host, port: port, consumerKey: consumerKey, secretKey: secretKey, dataFile: dataFile,
            latencyMilliseconds: latencyMilliseconds, failRate: failRate, seed: seed,
            maxConcurrentPerAccount: maxConcurrentPerAccount, requestLog: requestLog
        )
    }

    func validate() throws {
        if latencyMilliseconds < 0 {
            throw ValidationError("--latency-ms must be 0 or more milliseconds; \(latencyMilliseconds) is negative.")
        }
        if !(failRate >= 0 && failRate <= 1) {
            throw ValidationError("--fail-rate is a share of requests between 0 and 1 (0.2 fails one request in five); \(failRate) is outside it.")
        }
        if let limit = maxConcurrentPerAccount, limit < 1 {
            throw ValidationError("--max-concurrent-per-account takes a number of requests of at least 1, as in --max-concurrent-per-account 8; \(limit) is not.")
        }
        if !(0...65_535).contains(port) {
            throw ValidationError("--port must be between 0 and 65535 (0 picks a free port); \(port) is outside it.")
        }
        if host.isEmpty {
            throw ValidationError("--host must not be empty; use 127.0.0.1 to serve on loopback.")
        }
        if consumerKey?.isEmpty == true || secretKey?.isEmpty == true {
            throw ValidationError("--consumer-key and --secret-key must not be empty; leave them out to have keys generated.")
        }
    }

    func run(in context: CommandContext) async -> Int32 {
        // Signals are caught from before the server starts, so an early Ctrl-C still stops it cleanly.
        let (signals, received) = AsyncStream<Int32>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let stopCatching = Interrupts.signals.install { received.yield($0) }
        let emulator: RunningEmulator
        do {
            emulator = try await CanvasEmulator.start(emulatorConfiguration)
        } catch {
            stopCatching()
            context.console.err("error: the emulator could not start: \(error)")
            return 1
        }
        context.console.out("CANVAS_URL=\(RedactedURL(emulator.baseURL))")
        context.console.out("Consumer: \(emulator.consumerKey)")
        context.console.out("SecretKey: \(emulator.secretKey)")
        context.console.out("Token: \(emulator.token)")
        context.console.err("Serving the Canvas emulator; press Ctrl-C to stop.")
        var iterator = signals.makeAsyncIterator()
        // From here a second Ctrl-C stops the process at once, should the shutdown hang.
        let signal = await iterator.next() ?? SIGINT
        await emulator.shutdown()
        context.console.err("Stopped (\(signal == SIGTERM ? "SIGTERM" : "SIGINT")).")
        return 0
    }
}

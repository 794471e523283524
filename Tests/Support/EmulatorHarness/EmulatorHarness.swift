public import CanvasEmulator

/// A fresh emulator on a loopback port for one test, with the environment a run needs to reach it
/// (the keys, and the quick start's `QUINYX_API_KEY`), stopped however the test ends. Shared by
/// the CLI's and the operations' tests.
public enum EmulatorHarness {
    /// The value the quick start's `${env:QUINYX_API_KEY}` gets: a secret no output may show.
    public static let quinyxKey = "demo-secret-value"

    public static func with<T>(
        _ configuration: EmulatorConfiguration = EmulatorConfiguration(),
        _ body: (RunningEmulator, [String: String]) async throws -> T
    ) async throws -> T {
        let emulator = try await CanvasEmulator.start(configuration)
        let environment = [
            "CANVAS_URL": emulator.baseURL,
            "CANVAS_CONSUMER_KEY": emulator.consumerKey,
            "CANVAS_SECRET_KEY": emulator.secretKey,
            "QUINYX_API_KEY": quinyxKey,
        ]
        do {
            let result = try await body(emulator, environment)
            await emulator.shutdown()
            return result
        } catch {
            await emulator.shutdown()
            throw error
        }
    }
}

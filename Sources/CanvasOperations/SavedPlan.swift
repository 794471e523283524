import FileSupport
import Foundation
public import Reconciler
public import StateStore
import SafeText

/// A plan written by `plan --out`, for `apply --plan` to carry out exactly: a value of the library,
/// because planning (``PlanningSession/saved(createdAt:)``) makes it and applying
/// (``request(path:endpointOption:stateOption:environment:)``) plans again from it.
///
/// It holds what is needed to make the same plan again — the manifest paths, variable files and
/// `--var` values, the endpoint, the state file — and the plan itself. Apply makes the plan anew
/// from the same inputs and refuses if it differs in any way: a changed live account, manifest,
/// state, or secret (secrets are compared by their keyed fingerprints, so none is stored). A `--var`
/// that overrides a sensitive variable cannot be saved; give it in a `--var-file` instead, which is
/// read again at apply.
///
/// A plan file is a way to make apply send the API keys somewhere: whoever can edit it could point
/// its endpoint at their own server. So it carries an authentication code, an HMAC of everything
/// else in it keyed from the same secret as the state's fingerprints, and apply checks the code
/// before it sends anything.
public struct SavedPlan: Codable, Sendable {
    public static let currentFormatVersion = 2

    public var formatVersion: Int
    public var createdAt: String
    public var paths: [String]
    public var variableFiles: [String]
    public var variables: [String]
    /// The endpoint the plan was made against (`--endpoint`, else `CANVAS_URL`).
    public var endpoint: String
    /// `--account`, when given (else the environment's, at apply).
    public var account: String?
    public var allowInsecureHTTP: Bool
    public var allowFileOutside: Bool
    public var state: String
    public var plan: Plan
    /// `hmac-sha256:…` of the rest of the file (``authenticated(by:)``); nil only while it is made.
    public var authentication: String?

    /// Why a plan file cannot be written, read or carried out, as a sentence for `error: …`.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    public init(
        formatVersion: Int, createdAt: String, paths: [String], variableFiles: [String], variables: [String], endpoint: String,
        account: String?, allowInsecureHTTP: Bool, allowFileOutside: Bool, state: String, plan: Plan, authentication: String? = nil
    ) {
        self.formatVersion = formatVersion
        self.createdAt = createdAt
        self.paths = paths
        self.variableFiles = variableFiles
        self.variables = variables
        self.endpoint = endpoint
        self.account = account
        self.allowInsecureHTTP = allowInsecureHTTP
        self.allowFileOutside = allowFileOutside
        self.state = state
        self.plan = plan
        self.authentication = authentication
    }

    /// Writes the file atomically, created readable by its owner only (a link at `path` is
    /// replaced, never written through).
    public func write(to path: String) throws(Problem) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(self)
        } catch {
            throw Problem(description: "cannot encode the plan for \(path): \(error)")
        }
        do throws(FileSystem.Failure) {
            try FileSystem.replace(path, with: Array(data))
        } catch {
            throw Problem(description: "cannot write the plan to \(path): \(error.reason)")
        }
    }

    public static func read(_ path: String) throws(Problem) -> SavedPlan {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let reason = !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                ? "there is no such file; save one with canvasctl plan PATH... --out \(path)"
                : isDirectory.boolValue ? "it is a directory" : "it is not readable by this user"
            throw Problem(description: "cannot read the saved plan \(path): \(reason)")
        }
        let saved: SavedPlan
        do {
            saved = try JSONDecoder().decode(SavedPlan.self, from: data)
        } catch {
            throw Problem(description: "\(path) is not a plan saved by canvasctl plan --out")
        }
        guard saved.formatVersion == currentFormatVersion else {
            throw Problem(description: "\(path) was saved in format \(saved.formatVersion); this canvasctl reads format \(currentFormatVersion)")
        }
        return saved
    }

    /// This plan with its authentication code. The code is of the plan's canonical JSON (sorted
    /// keys, compact, no code), as it reads back from the file, so that apply can make it again.
    public func authenticated(by authenticator: Fingerprinter) -> SavedPlan {
        var sealed = self
        sealed.authentication = nil
        // Once through the decoder, so that the text is made from what apply will read back.
        if let text = Self.canonicalText(of: sealed), let read = try? JSONDecoder().decode(SavedPlan.self, from: Data(text.utf8)) {
            sealed = read
        }
        sealed.authentication = Self.canonicalText(of: sealed).map(authenticator.fingerprint)
        return sealed
    }

    /// Whether the plan's authentication code is the one `authenticator` makes of the rest of it.
    public func isAuthentic(under authenticator: Fingerprinter) -> Bool {
        guard let code = authentication else { return false }
        var unsealed = self
        unsealed.authentication = nil
        guard let text = Self.canonicalText(of: unsealed) else { return false }
        return authenticator.verifies(code, of: text)
    }

    private static func canonicalText(of plan: SavedPlan) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(plan)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// An endpoint as two of them are compared: without a trailing `/`, the scheme and host in
    /// lower case (as URLs compare them).
    public static func comparable(_ endpoint: String) -> String {
        var text = endpoint
        while text.hasSuffix("/") { text.removeLast() }
        guard var components = URLComponents(string: text) else { return text }
        components.scheme = components.scheme?.lowercased()
        components.host = components.host?.lowercased()
        return components.string ?? text
    }

    /// A state as the plan keeps it: a path made absolute, a URL without its password (apply takes
    /// it from the state in force, or `PGPASSWORD`).
    public static func absoluteState(_ location: String) -> String {
        StateLocation.isURL(location) ? StateLocation.withoutPassword(location) : absolute(location)
    }

    /// The state a saved plan's apply opens: the plan's own, or the one in force (`--state`, else
    /// `CANVAS_STATE`) when that is the same state with the password the plan left out.
    public static func state(_ saved: String, inForce: String?) -> String {
        guard let inForce, StateLocation.isURL(inForce), StateLocation.withoutPassword(inForce) == saved else { return saved }
        return inForce
    }

    public static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The planning request of this plan, saved at `path`: its own paths and options, its endpoint
    /// only when the one in force (`endpointOption`, else `CANVAS_URL`) is the same or none is set,
    /// its state (or the one in force, `stateOption` else `CANVAS_STATE`, when that is the same
    /// state with the password the plan left out), and admitted only once its authentication code
    /// matches the keys, before anything is sent.
    public func request(
        path: String, endpointOption: String?, stateOption: String?, environment: [String: String]
    ) throws(Problem) -> PlanRequest {
        let inForce = endpointOption ?? environment["CANVAS_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let inForce, Self.comparable(inForce) != Self.comparable(endpoint) {
            throw Problem(description:
                "the saved plan \(path) was made against \(RedactedURL(endpoint)), not \(RedactedURL(inForce)) (the endpoint in force, from --endpoint or "
                    + "CANVAS_URL); nothing was sent. Make a new plan against this endpoint, or apply this one with its own.")
        }
        let plan = self
        return PlanRequest(
            paths: paths,
            inputs: ManifestInputs(assignments: variables, variableFiles: variableFiles, allowFileOutside: allowFileOutside),
            connection: ConnectionSettings(endpoint: endpoint, allowInsecureHTTP: allowInsecureHTTP),
            account: account,
            state: Self.state(state, inForce: stateOption ?? environment["CANVAS_STATE"]),
            command: "canvasctl apply",
            environment: environment,
            targets: self.plan.targets,
            admit: { connection in
                plan.isAuthentic(under: connection.planAuthenticator) ? nil
                    : "the saved plan \(path) was not made with these keys, or was changed since (its authentication code does not match); "
                        + "nothing was sent. Make a new plan."
            }
        )
    }
}

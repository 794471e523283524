import FileSupport
import Foundation
import Reconciler
import StateStore

/// A plan written by `plan --out`, for `apply --plan` to carry out exactly.
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
struct SavedPlan: Codable, Sendable {
    static let currentFormatVersion = 2

    var formatVersion: Int
    var createdAt: String
    var paths: [String]
    var variableFiles: [String]
    var variables: [String]
    /// The endpoint the plan was made against (`--endpoint`, else `CANVAS_URL`).
    var endpoint: String
    /// `--account`, when given (else the environment's, at apply).
    var account: String?
    var allowInsecureHTTP: Bool
    var allowFileOutside: Bool
    var state: String
    var plan: Plan
    /// `hmac-sha256:…` of the rest of the file (``authenticated(by:)``); nil only while it is made.
    var authentication: String?

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// Writes the file atomically, created readable by its owner only (a link at `path` is
    /// replaced, never written through).
    func write(to path: String) throws(Problem) {
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

    static func read(_ path: String) throws(Problem) -> SavedPlan {
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
    func authenticated(by authenticator: Fingerprinter) -> SavedPlan {
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
    func isAuthentic(under authenticator: Fingerprinter) -> Bool {
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
    static func comparable(_ endpoint: String) -> String {
        var text = endpoint
        while text.hasSuffix("/") { text.removeLast() }
        guard var components = URLComponents(string: text) else { return text }
        components.scheme = components.scheme?.lowercased()
        components.host = components.host?.lowercased()
        return components.string ?? text
    }

    /// A state as the plan keeps it: a path made absolute, a URL without its password (apply takes
    /// it from the state in force, or `PGPASSWORD`).
    static func absoluteState(_ location: String) -> String {
        StateLocation.isURL(location) ? StateLocation.withoutPassword(location) : absolute(location)
    }

    /// The state a saved plan's apply opens: the plan's own, or the one in force (`--state`, else
    /// `CANVAS_STATE`) when that is the same state with the password the plan left out.
    static func state(_ saved: String, inForce: String?) -> String {
        guard let inForce, StateLocation.isURL(inForce), StateLocation.withoutPassword(inForce) == saved else { return saved }
        return inForce
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

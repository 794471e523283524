import FileSupport
import Foundation
import Reconciler

/// A plan written by `plan --out`, for `apply --plan` to carry out exactly.
///
/// It holds what is needed to make the same plan again — the manifest paths, variable files and
/// `--var` values, the endpoint, the state file — and the plan itself. Apply makes the plan anew
/// from the same inputs and refuses if it differs in any way: a changed live account, manifest,
/// state, or secret (secrets are compared by their keyed fingerprints, so none is stored). A `--var`
/// that overrides a sensitive variable cannot be saved; give it in a `--var-file` instead, which is
/// read again at apply.
struct SavedPlan: Codable, Sendable {
    static let currentFormatVersion = 1

    var formatVersion: Int
    var createdAt: String
    var paths: [String]
    var variableFiles: [String]
    var variables: [String]
    var endpoint: String?
    /// `--account`, when given (else the environment's, at apply).
    var account: String?
    var allowInsecureHTTP: Bool
    var state: String
    var plan: Plan

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
            throw Problem(description: "cannot read the saved plan \(path)")
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

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

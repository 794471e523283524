import Dispatch
import Foundation
import FuzzSupport
import Manifest
import OrderedCollections
import YAML

/// Fuzzes the manifest language through its one public entry, `ManifestLoader.load`: a file of
/// any bytes, parsed, its variables resolved (`${env:}`, `${file:}`, `${var.}`), its documents
/// decoded into typed specs (cron schedules included) and the set checked, or every problem
/// reported.
///
/// The loader reads files (there is no entry for text in memory), so each input is written over
/// one file, `manifest.yaml`, in a directory made once per run; next to it is `secret.txt` for
/// `${file:}`. Checked on every input: problems come ordered, as the loader promises, at a line
/// and column that exist; and the secret, read from the environment or the file, is never in a
/// value that is not marked sensitive (plans and errors print those as `(sensitive)`).
@main
struct FuzzManifest {
    static let secret = "s3cr3t-fuzz-Ω-7f1c9a"
    static let directory = FileManager.default.temporaryDirectory.path + "/canvasctl-fuzz-manifest-\(getpid())"
    static let path = directory + "/manifest.yaml"

    static func main() {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(secret.utf8).write(to: URL(fileURLWithPath: directory + "/secret.txt"))
        } catch {
            fatalError("cannot make \(directory): \(error)")
        }
        atexit { try? FileManager.default.removeItem(atPath: FuzzManifest.directory) }
        FuzzTarget.main(test)
    }

    @Sendable static func test(_ bytes: [UInt8]) {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            fatalError("cannot write \(path): \(error)")
        }
        switch load() {
        case .success(let set): check(set)
        case .failure(let errors): check(errors.diagnostics)
        }
    }

    /// The loader's answer, waited for: libFuzzer calls the test synchronously.
    static func load() -> Result<ManifestSet, ManifestErrors> {
        let loader = ManifestLoader(environment: ["FUZZ_SECRET": secret, "FUZZ_REGION": "Oslo"])
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do throws(ManifestErrors) {
                outcome.result = .success(try await loader.load([path]))
            } catch {
                outcome.result = .failure(error)
            }
            done.signal()
        }
        done.wait()
        guard let result = outcome.result else { fatalError("the load did not answer") }
        return result
    }

    /// Where the task leaves its answer; the semaphore orders the write before the read.
    final class Outcome: @unchecked Sendable {
        var result: Result<ManifestSet, ManifestErrors>?
    }

    static func check(_ diagnostics: [Diagnostic]) {
        FuzzTarget.check(!diagnostics.isEmpty, "a failed load without a problem")
        FuzzTarget.check(Diagnostic.ordered(diagnostics, files: [path]) == diagnostics, "problems out of order: \(diagnostics)")
        for diagnostic in diagnostics {
            FuzzTarget.check(!diagnostic.message.isEmpty, "a problem without a message")
            FuzzTarget.check(!diagnostic.message.contains(secret), "a message shows the secret: \(diagnostic)")
            if let location = diagnostic.location {
                FuzzTarget.check(location.line >= 1 && location.column >= 1, "a problem at \(location)")
            }
        }
    }

    static func check(_ set: ManifestSet) {
        FuzzTarget.check(set.files == [path], "the set's files are \(set.files)")
        FuzzTarget.check(set.secrets == set.secrets.sorted(), "the secrets are not sorted")
        _ = set.accounts
        for (name, value) in set.variables { hidden(value, "variable \(name)") }
        for application in set.applications {
            FuzzTarget.check(application.location.file == path, "\(application.address) at \(application.location)")
            hidden(application.name, "\(application.address) name")
            hidden(application.app, "\(application.address) app")
            for (field, value) in application.credentials {
                FuzzTarget.check(value.isSensitive, "\(application.address) credential \(field) is not sensitive")
            }
        }
        for workflow in set.workflows {
            FuzzTarget.check(workflow.location.file == path, "\(workflow.address) at \(workflow.location)")
            hidden(workflow.name, "\(workflow.address) name")
            hidden(workflow.template, "\(workflow.address) template")
            if let description = workflow.description { hidden(description, "\(workflow.address) description") }
            for (slot, application) in workflow.applications { hidden(application, "\(workflow.address) application \(slot)") }
            for (name, variable) in workflow.variables { hidden(variable, "\(workflow.address) variable \(name)") }
            for (step, variables) in workflow.chain {
                for (name, variable) in variables { hidden(variable, "\(workflow.address) chain \(step) variable \(name)") }
            }
            if let schedule = workflow.schedule {
                FuzzTarget.check((try? CronExpression(schedule.cron.value.normalizedText)) == schedule.cron.value,
                                 "\(workflow.address): the schedule's normalised text means something else")
            }
        }
    }

    /// Checks that a value holding the secret is marked sensitive.
    static func hidden<Value>(_ value: Sourced<Value>, _ what: String) {
        FuzzTarget.check(value.isSensitive || !String(reflecting: value.value).contains(secret), "\(what) holds the secret and is not sensitive")
    }
}

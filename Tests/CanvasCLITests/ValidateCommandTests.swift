import Foundation
import Testing

/// `canvasctl validate` as a user meets it: exit codes, stdout, stderr.
struct ValidateCommandTests {
    @Test("the quick start example is valid")
    func quickstart() async {
        let run = await CLI.run(["validate", CLI.repositoryRoot + "/examples/quickstart"], environment: ["QUINYX_API_KEY": "demo"])
        #expect(run.exitCode == 0)
        #expect(run.output == "Valid: 2 files, 3 documents, 1 account, 3 applications, 3 workflows.\n")
        #expect(run.error.isEmpty)
    }

    @Test("the multi-account example is valid without any environment")
    func multiAccount() async {
        let run = await CLI.run(["validate", CLI.repositoryRoot + "/examples/multi-account"])
        #expect(run.exitCode == 0, "\(run.error)")
        #expect(run.output.hasPrefix("Valid: 4 files, 5 documents, 2 accounts,"))
    }

    static let exampleSets: [String] = {
        let examples = CLI.repositoryRoot + "/examples"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: examples)) ?? []
        return entries.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: examples + "/" + name, isDirectory: &isDirectory) && isDirectory.boolValue
                && name != "ci"
        }.sorted()
    }()

    @Test("every example set under examples/ is valid", arguments: exampleSets)
    func example(_ name: String) async {
        let run = await CLI.run(["validate", CLI.repositoryRoot + "/examples/" + name], environment: ["QUINYX_API_KEY": "demo"])
        #expect(run.exitCode == 0, "\(run.error)")
        #expect(run.output.hasPrefix("Valid: "))
    }

    @Test("without its secrets the quick start is valid, each unread secret a note listed once")
    func quickstartWithoutSecrets() async throws {
        let copy = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: copy) }
        for file in ["applications.yaml", "workflows.yaml"] {
            try FileManager.default.copyItem(atPath: CLI.repositoryRoot + "/examples/quickstart/" + file, toPath: copy + "/" + file)
        }
        let run = await CLI.run(["validate", copy])
        #expect(run.exitCode == 0, "\(run.error)")
        #expect(run.output == "Valid: 2 files, 3 documents, 1 account, 3 applications, 3 workflows. 2 secrets were not read (see the notes).\n")
        #expect(run.error == """
            \(copy)/applications.yaml:19:15: note: environment variable QUINYX_API_KEY is not set (used as ${env:QUINYX_API_KEY} here and 1 more place); the rest of the set is checked, and plan and apply need the value
            \(copy)/applications.yaml:38:17: note: file secrets/ftp-password does not exist (used as ${file:secrets/ftp-password} here); the rest of the set is checked, and plan and apply need the value

            """)
    }

    @Test("--require-secrets makes an unset variable an error, once per use, and exits 1")
    func requireSecrets() async {
        let run = await CLI.run(["validate", CLI.repositoryRoot + "/examples/quickstart", "--require-secrets"])
        #expect(run.exitCode == 1)
        #expect(run.output.isEmpty)
        #expect(run.error.contains("error: environment variable QUINYX_API_KEY is not set (used as ${env:QUINYX_API_KEY})"))
        #expect(run.error.hasSuffix("2 errors found.\n"), "both credentials that use it are named")
    }

    @Test("a set with unread secrets still reports its other errors")
    func otherErrorsWithoutSecrets() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try """
            variables: {token: "${env:UNSET_TOKEN}"}
            applications:
              a: {app: Quinyx, credentials: {apikey: "${var.token}"}}
              b: {app: Quinyx, credentials: {apikey: "${env:UNSET_TOKEN}"}, tagtext: b}
            """.write(toFile: directory + "/a.yaml", atomically: true, encoding: .utf8)
        let run = await CLI.run(["validate", directory])
        #expect(run.exitCode == 1)
        #expect(run.error.contains("\(directory)/a.yaml:1:21: note: environment variable UNSET_TOKEN is not set (used as ${env:UNSET_TOKEN} here and 1 more place)"), "\(run.error)")
        #expect(run.error.contains("\(directory)/a.yaml:4:65: error: unknown key 'tagtext' in application 'b'"), "\(run.error)")
        #expect(run.error.hasSuffix("1 error found.\n"), "\(run.error)")
    }

    @Test("diagnostics go to stderr as PATH:LINE:COLUMN: error: MESSAGE, with a count")
    func invalid() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "applications:\n  a:\n    ap: Quinyx\n".write(toFile: directory + "/a.yaml", atomically: true, encoding: .utf8)
        let run = await CLI.run(["validate", directory + "/a.yaml"])
        #expect(run.exitCode == 1)
        #expect(run.output.isEmpty)
        #expect(run.error == """
            \(directory)/a.yaml:2:3: error: application 'a' needs 'app': the catalog application (name, shortName or id)
            \(directory)/a.yaml:3:5: error: unknown key 'ap' in application 'a'; did you mean 'app'?
            2 errors found.

            """)
    }

    @Test("--var and --var-file override variables")
    func variables() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The slot names an application through a variable, so the set is valid only when the
        // override takes effect.
        try """
            variables: {source: nothing}
            applications: {quinyx: {app: Quinyx}, other: {app: Quinyx, name: Other}}
            workflows: {w: {template: T, applications: {QUIN: "${var.source}"}}}
            """.write(toFile: directory + "/a.yaml", atomically: true, encoding: .utf8)
        try "source: other\n".write(toFile: directory + "/vars.yml", atomically: true, encoding: .utf8)
        let without = await CLI.run(["validate", directory + "/a.yaml"])
        #expect(without.exitCode == 1)
        #expect(without.error.contains("refers to unknown application 'nothing'"))
        let fromVar = await CLI.run(["validate", directory + "/a.yaml", "--var", "source=quinyx"])
        #expect(fromVar.exitCode == 0, "\(fromVar.error)")
        let fromFile = await CLI.run(["validate", directory + "/a.yaml", "--var-file", directory + "/vars.yml"])
        #expect(fromFile.exitCode == 0, "\(fromFile.error)")
        let undeclared = await CLI.run(["validate", directory + "/a.yaml", "--var", "sourse=x"])
        #expect(undeclared.exitCode == 1)
        #expect(undeclared.error.contains("\n--var sourse: error: variable 'sourse' is not declared in any 'variables:' block; did you mean 'source'?"))
    }

    @Test("a --var without a name is refused without echoing its value")
    func varWithoutName() async {
        let run = await CLI.run(["validate", "x.yaml", "--var", "=hunter2"])
        #expect(run.exitCode == 1)
        #expect(run.error.contains("--var takes NAME=VALUE"))
        #expect(!run.error.contains("hunter2"))
    }

    @Test("control characters from a manifest cannot colour the terminal or forge a line")
    func controlCharacters() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "\"x\\e[31mRED\\nfake.yaml:1:1: error: forged\": 1\n".write(toFile: directory + "/a.yaml", atomically: true, encoding: .utf8)
        let run = await CLI.run(["validate", directory + "/a.yaml"])
        #expect(run.exitCode == 1)
        #expect(!run.error.contains("\u{1B}"))
        #expect(run.error.contains("x\\u{1B}[31mRED\\u{A}fake.yaml:1:1: error: forged"))
        #expect(run.error.split(separator: "\n").count == 2, "one diagnostic and the count")
    }

    @Test("usage errors explain themselves and exit 1; help exits 0")
    func usage() async {
        let noPaths = await CLI.run(["validate"])
        #expect(noPaths.exitCode == 1)
        #expect(noPaths.error.contains("Missing expected argument '<PATH> ...'"))
        let badVar = await CLI.run(["validate", "x.yaml", "--var", "novalue"])
        #expect(badVar.exitCode == 1)
        #expect(badVar.error.contains("--var takes NAME=VALUE"))
        let unknown = await CLI.run(["frobnicate"])
        #expect(unknown.exitCode == 1)
        let help = await CLI.run(["validate", "--help"])
        #expect(help.exitCode == 0)
        #expect(help.output.contains("canvasctl validate examples/quickstart"))
    }

    @Test("colour only on a terminal, and never with NO_COLOR")
    func colour() async throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "bogus: 1\n".write(toFile: directory + "/a.yaml", atomically: true, encoding: .utf8)
        let plain = await CLI.run(["validate", directory])
        #expect(!plain.error.contains("\u{1B}["))
        let coloured = await CLI.run(["validate", directory], terminal: true)
        #expect(coloured.error.contains("\u{1B}[31merror:\u{1B}[0m"))
        let noColor = await CLI.run(["validate", directory], environment: ["NO_COLOR": "1"], terminal: true)
        #expect(!noColor.error.contains("\u{1B}["))
    }
}

import Foundation
import Manifest
import Testing

/// Every error class of the manifest language, each at its exact line and column, and all of a
/// set's errors in one run.
struct ManifestErrorTests {
    func errors(_ text: String, environment: [String: String] = [:]) async throws -> [String] {
        try await ManifestFixture(["a.yaml": text]).errors(environment: environment)
    }

    func expectErrors(_ text: String, _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let actual = try await errors(text)
        #expect(actual == expected, sourceLocation: sourceLocation)
    }

    @Test("unknown keys, with a suggestion when one is close")
    func unknownKeys() async throws {
        try await expectErrors("""
            versoin: 1
            applications:
              a:
                app: Quinyx
                credentails: {}
            workflows:
              w:
                tempalte: T
                bogus: 1
            """, [
            "a.yaml:1:1: error: unknown key 'versoin' in a manifest document; did you mean 'version'?",
            "a.yaml:5:5: error: unknown key 'credentails' in application 'a'; did you mean 'credentials'?",
            "a.yaml:7:3: error: workflow 'w' needs 'template': the workflow template (name or id)",
            "a.yaml:8:5: error: unknown key 'tempalte' in workflow 'w'; did you mean 'template'?",
            "a.yaml:9:5: error: unknown key 'bogus' in workflow 'w'; known keys are 'name', 'description', 'template', 'applications', 'variables', 'chain', 'schedule', 'deploy', 'protect', 'id'",
        ])
    }

    @Test("wrong types name what was expected and what was found")
    func wrongTypes() async throws {
        try await expectErrors("""
            applications: [a, b]
            workflows:
              w:
                template: [T]
              v:
                template: T
                name: 2024
                deploy: "true"
                protect: yes
                variables: {x: {a: 1}}
                applications: [x]
                schedule: "0 0 * * * ?"
            """, [
            "a.yaml:1:15: error: applications must be a mapping, found a sequence",
            "a.yaml:4:15: error: 'template' of workflow 'w' must be a string, found a sequence",
            "a.yaml:7:11: error: 'name' of workflow 'v' must be a string, found an integer (quote it to make it a string)",
            "a.yaml:8:13: error: 'deploy' of workflow 'v' must be true or false, found a string",
            "a.yaml:9:14: error: 'protect' of workflow 'v' must be true or false, found a string (YAML 1.2: only true and false are booleans)",
            "a.yaml:10:21: error: unknown key 'a' in lookup table variable 'x' of workflow 'v'; known keys are 'table', 'default'",
            "a.yaml:10:20: error: lookup table variable 'x' of workflow 'v' needs 'table': a list of {source, target} rows",
            "a.yaml:11:19: error: 'applications' of workflow 'v' must be a mapping, found a sequence",
            "a.yaml:12:15: error: 'schedule' of workflow 'v' must be a mapping, found a string",
        ].sorted(by: Self.byPlace))
    }

    @Test("missing required keys, bad versions, GUIDs and keys")
    func requiredAndShapes() async throws {
        try await expectErrors("""
            version: 2
            account: be4f3f1e
            applications:
              a:
                name: A
              b c:
                app: Quinyx
              d:
                app: Quinyx
                id: 12
            workflows:
              w:
                description: no template
              x:
                template: T
                schedule: {enabled: true}
                chain: {B: {v: {value: 1}}}
                variables: {t: {table: [{source: a}]}}
            """, [
            "a.yaml:1:10: error: unsupported manifest version 2; this canvasctl reads version 1",
            "a.yaml:2:10: error: account must be a GUID such as be4f3f1e-0e6d-4f68-b8d8-546163c5dfad",
            "a.yaml:4:3: error: application 'a' needs 'app': the catalog application (name, shortName or id)",
            "a.yaml:6:3: error: application key 'b c' may hold only letters, digits, '_' and '-', and may not start with '-'",
            "a.yaml:10:9: error: 'id' of application 'd' must be a string, found an integer (quote it to make it a string)",
            "a.yaml:12:3: error: workflow 'w' needs 'template': the workflow template (name or id)",
            "a.yaml:16:5: error: 'schedule' of workflow 'x' needs 'cron': a Quartz cron expression such as \"0 0 2 ? * MON-FRI\"",
            "a.yaml:17:20: error: block variable 'v' in chain block 'B' of workflow 'x' needs 'variableSource' and 'variableName' (and may have 'value')",
            "a.yaml:18:29: error: a row of lookup table variable 't' of workflow 'x' needs 'source' and 'target' (target may be null)",
        ])
    }

    @Test("duplicate keys within a file")
    func duplicateKeys() async throws {
        try await expectErrors("applications:\n  a:\n    app: X\n    app: Y\n", [
            "a.yaml:4:5: error: duplicate key \"app\" (first at line 3, column 5)",
        ])
    }

    @Test("duplicate addresses across files, duplicate names, ids and variables")
    func duplicatesAcrossFiles() async throws {
        let fixture = try ManifestFixture([
            "a.yaml": "variables: {region: Oslo}\napplications:\n  q:\n    app: Quinyx\n    id: fda1f9ee-4c7f-4e0a-a459-2e434dbbef7d\nworkflows:\n  w:\n    template: T\n",
            "b.yaml": "variables: {region: Bergen}\napplications:\n  q:\n    app: Quinyx\n  r:\n    app: Quinyx\n    name: q\n    id: FDA1F9EE-4C7F-4E0A-A459-2E434DBBEF7D\n  s:\n    app: Quinyx\n    name: q\n  t:\n    app: Quinyx\n    name: q\nworkflows:\n  w:\n    template: T\n",
        ])
        let errors = await fixture.errors()
        #expect(errors == [
            "b.yaml:1:13: error: variable 'region' is defined twice in this set (first at \(fixture.directory)/a.yaml:1:13); variables are shared by all files",
            "b.yaml:3:3: error: duplicate address application.q (first defined at \(fixture.directory)/a.yaml:3:3)",
            "b.yaml:8:9: error: id fda1f9ee-4c7f-4e0a-a459-2e434dbbef7d is already pinned by application.q",
            "b.yaml:14:11: error: applications 's' and 't' have the same name 'q' in one account; Canvas resources are matched by name, so names must differ",
            "b.yaml:16:3: error: duplicate address workflow.w (first defined at \(fixture.directory)/a.yaml:7:3)",
        ].map(fixture.strip))
    }

    @Test("references to unknown applications suggest the closest key; other accounts' applications are refused")
    func references() async throws {
        let fixture = try ManifestFixture([
            "a.yaml": "applications:\n  quinyx: {app: Quinyx}\n  ftp: {app: FTP}\nworkflows:\n  w:\n    template: T\n    applications: {QUIN: quinix, FTP: other, X: zzzzzzzz}\n",
            "b.yaml": "account: 78e83bd6-32b1-41b6-b172-9e6dc88d6477\napplications:\n  other: {app: FTP}\n",
        ])
        #expect(await fixture.errors() == [
            "a.yaml:7:26: error: slot 'QUIN' of workflow 'w' refers to unknown application 'quinix'; did you mean 'quinyx'?",
            "a.yaml:7:39: error: slot 'FTP' of workflow 'w' refers to application 'other', which is declared for another account; a workflow can only use applications registered in its own account",
            "a.yaml:7:49: error: slot 'X' of workflow 'w' refers to unknown application 'zzzzzzzz'",
        ])
    }

    @Test("invalid cron points at the bad field inside the string")
    func cron() async throws {
        try await expectErrors("""
            workflows:
              a: {template: T, schedule: {cron: "0 0 25 ? * *"}}
              b:
                template: T
                schedule:
                  cron: 0 0 2 * * TUE
              c: {template: T, schedule: {cron: "0 0"}}
            """, [
            "a.yaml:2:42: error: invalid cron expression in workflow 'a': hours value 25 is out of range 0-23",
            "a.yaml:6:19: error: invalid cron expression in workflow 'b': \(try cronMessage("0 0 2 * * TUE"))",
            "a.yaml:7:41: error: invalid cron expression in workflow 'c': \(try cronMessage("0 0"))",
        ])
    }

    func cronMessage(_ text: String) throws -> String {
        do throws(CronExpression.ParseError) {
            _ = try CronExpression(text)
            Issue.record("\(text) should be invalid")
            return ""
        } catch {
            return error.message
        }
    }

    @Test("YAML syntax errors, invalid UTF-8 and alias bombs are errors with a place")
    func yamlLevel() async throws {
        let fixture = try ManifestFixture(["syntax.yaml": "a: [1, 2\n"])
        try fixture.write("utf8.yaml", Data("workflows:\n  w:\n    template: T\n    name: caf".utf8 + [0xE9] + "\n".utf8))
        var bomb = "x0: &x0 [a, a, a, a, a, a, a, a, a, a]\n"
        for level in 1...8 { bomb += "x\(level): &x\(level) [" + Array(repeating: "*x\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        try fixture.write("bomb.yaml", Data(bomb.utf8))
        let errors = await fixture.errors()
        #expect(errors.count == 3)
        #expect(errors[0] == "bomb.yaml:6:45: error: aliases in this document expand to more than 1000000 nodes; refusing to expand further")
        #expect(errors[1].hasPrefix("syntax.yaml:2:1: error: YAML syntax: did not find expected ',' or ']'"))
        #expect(errors[2].hasPrefix("utf8.yaml:4:14: error: the file is not valid UTF-8"))
    }

    @Test("many errors in many files are all reported, ordered by file, line and column")
    func multipleErrors() async throws {
        let fixture = try ManifestFixture([
            "1.yaml": "workflows:\n  w1: {template: T, deploy: 1}\n  w2: {}\n",
            "2.yaml": "applications:\n  a: {app: X, protect: 0}\n  b: {name: B}\n",
            "3.yaml": "bad: [\n",
        ])
        let errors = await fixture.errors()
        #expect(errors.map { $0.components(separatedBy: ": error:")[0] } == [
            "1.yaml:2:29", "1.yaml:3:3", "2.yaml:2:24", "2.yaml:3:3", "3.yaml:2:1",
        ])
    }

    @Test("paths that do not exist and directories without manifests are errors")
    func paths() async throws {
        let fixture = try ManifestFixture(["docs/readme.md": "# no yaml here\n"])
        #expect(await fixture.errors(["missing.yaml", "docs"]) == [
            "missing.yaml: error: no such file or directory",
            "docs: error: no manifest files (*.yaml, *.yml) in this directory or below it",
        ])
    }

    static func byPlace(_ lhs: String, _ rhs: String) -> Bool {
        func key(_ text: String) -> (Int, Int) {
            let parts = text.split(separator: ":")
            return (Int(parts[1]) ?? 0, Int(parts[2]) ?? 0)
        }
        return key(lhs) < key(rhs)
    }

    @Test("a syntax error in one file adds no undefined-variable errors in the others")
    func syntaxErrorHidesNoVariables() async throws {
        let fixture = try ManifestFixture([
            "a.yaml": "variables:\n  region: Oslo\nworkflows: [\n",
            "b.yaml": "workflows:\n  w:\n    template: T\n    description: ${var.region}\n",
        ])
        let errors = await fixture.errors()
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("a.yaml:") == true)
        #expect(!errors.joined().contains("undefined variable"))
    }
}

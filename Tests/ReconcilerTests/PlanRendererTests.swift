import Foundation
import Reconciler
import Testing

/// The plan as people and programs read it, checked against golden files a reviewer can read in a
/// diff. Run with CANVASCTL_UPDATE_GOLDEN=1 to write them anew after a deliberate change.
struct PlanRendererTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func address(_ kind: String, _ key: String) -> ResourceAddress { ResourceAddress(kind: kind, key: key) }

    /// One change of every kind, a secret among them, and an unmanaged resource.
    /// The words of the golden files' provider.
    static let canvasWords = ProviderVocabulary(provider: "canvas", providerName: "Canvas", scopeNoun: "account", defaultScopeGroup: "default account")

    static let plan = Plan(changes: [
        Change(
            address: address("application", "ftp"), action: .create,
            attributes: [
                .init(name: "app", before: nil, after: .string("FTP Server")),
                .init(name: "credentials", before: nil, after: .map(["password": .sensitive(fingerprint: "hmac-sha256:01"), "port": .number(21)])),
                .init(name: "name", before: nil, after: .string("ftp")),
            ]
        ),
        Change(
            address: address("workflow", "export"), action: .update, id: "ef6a56e6-448f-4787-b58d-47b063d6e988",
            attributes: [.init(name: "description", before: .string("Nightly"), after: .string("Nightly | to FTP"))],
            dependencies: [address("application", "ftp"), address("application", "quinyx")],
            displayName: .string("Nightly export"), unchangedAttributes: 4
        ),
        Change(
            address: address("schedule", "export"), action: .update, id: "ef6a56e6-448f-4787-b58d-47b063d6e988",
            attributes: [
                .init(name: "cron", before: .string("0 0 2 ? * *"), after: .string("0 0 2,6 ? * TUE *")),
                .init(name: "enabled", before: .bool(false), after: .bool(true)),
            ],
            dependencies: [address("workflow", "export")], displayName: .string("Nightly export")
        ),
        Change(
            address: address("application", "quinyx"), action: .replace, id: "fda1f9ee-4c7f-4e0a-a459-2e434dbbef7d",
            attributes: [.init(name: "app", before: .string("Quinyx"), after: .string("Talent Manager"), forcesReplacement: true)],
            reason: "app cannot change in place", displayName: .string("Quinyx Acme"), unchangedAttributes: 1
        ),
        Change(
            address: address("workflow", "old"), action: .delete, id: "b459cf22-ad18-44bf-80dc-6e8b78be1cc5",
            attributes: [.init(name: "name", before: .string("Old \"report\""), after: nil)],
            reason: "no longer in the manifests", displayName: .string("Old \"report\"")
        ),
        Change(address: address("workflow", "steady"), action: .noop, id: "a78cee1b-adca-4777-9261-f86e4640e7db"),
        Change(
            address: address("deploy", "export"), action: .create,
            attributes: [.init(name: "workflow", before: nil, after: .string("workflow.export"))],
            dependencies: [address("workflow", "export")], reason: "workflow.export changes", displayName: .string("Nightly export"),
            target: address("workflow", "export")
        ),
        Change(
            address: address("application", "sftp"), action: .update, id: "0d4ae9d5-8a8f-4a39-9b8e-0a4a2b9a3c11",
            attributes: [
                .init(
                    name: "credentials",
                    before: .map(["password": .sensitive(fingerprint: "hmac-sha256:02"), "port": .number(22), "username": .string("canvas")]),
                    after: .map(["password": .sensitive(fingerprint: "hmac-sha256:03"), "port": .number(22), "username": .string("canvas")])
                ),
                .init(name: "protect", before: .bool(false), after: .bool(true)),
            ],
            displayName: .string("sftp"), unchangedAttributes: 2
        ),
        Change(
            address: address("workflow", "payroll"), action: .update, id: "7c1e2a9b-3f4d-4e5a-8b6c-9d0e1f2a3b4c",
            attributes: [.init(name: "name", before: .string("Payroll (edited)"), after: .string("Payroll"), drifted: true)],
            dependencies: [address("application", "sftp")], drift: "changed in Canvas since the last apply",
            displayName: .string("Payroll (edited)"), unchangedAttributes: 1
        ),
        Change(
            address: address("workflow", "gone"), action: .create,
            attributes: [.init(name: "name", before: nil, after: .string("Gone"))],
            drift: "deleted in Canvas since the last apply"
        ),
    ], unmanaged: [
        Plan.Unmanaged(kind: "workflow", id: "4fb07016-6a38-4031-83d7-2cd70af024d9", name: "BigResponse", scope: "be4f3f1e-0e6d-4f68-b8d8-546163c5dfad"),
    ], forgotten: [
        Plan.Forgotten(address: address("workflow", "retired"), id: "0d637846-75c1-4f0e-8170-ff0cb724afc2", group: "default account"),
    ], vocabulary: canvasWords)

    /// With a provider's note under the schedule (the next fire times, in a real plan).
    static let renderer = PlanRenderer(
        notes: [address("schedule", "export"): ["next runs (UTC): Tue 2026-12-01 02:00:00, Tue 2026-12-01 06:00:00"]], operationKinds: ["deploy"]
    )

    @Test("text, Markdown and JSON renderings match their golden files", arguments: PlanRenderer.Format.allCases)
    func golden(_ format: PlanRenderer.Format) throws {
        let rendered = Self.renderer.render(Self.plan, as: format)
        let file = Self.golden.appendingPathComponent("plan.\(format == .markdown ? "md" : format == .text ? "txt" : "json")")
        if ProcessInfo.processInfo.environment["CANVASCTL_UPDATE_GOLDEN"] != nil {
            try rendered.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(rendered == expected)
        #expect(!rendered.contains("hmac-sha256"), "a fingerprint is not shown either")
    }

    /// The golden plan with its changes in two accounts.
    static var groupedPlan: Plan {
        var plan = Self.plan
        for index in plan.changes.indices {
            plan.changes[index].group = plan.changes[index].address.kind == "application" ? "account be4f3f1e-0e6d-4f68-b8d8-546163c5dfad" : "default account"
        }
        return plan
    }

    @Test("--compact: one aligned line per change, grouped by account; matches its golden file")
    func compact() throws {
        let rendered = PlanRenderer(notes: Self.renderer.notes, compact: true).render(Self.groupedPlan, as: .text)
        let file = Self.golden.appendingPathComponent("plan-compact.txt")
        if ProcessInfo.processInfo.environment["CANVASCTL_UPDATE_GOLDEN"] != nil {
            try rendered.write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(rendered == (try String(contentsOf: file, encoding: .utf8)))
    }

    @Test("changes in several accounts are grouped under a line per account; one account has no such line")
    func grouped() {
        let text = PlanRenderer().render(Self.groupedPlan, as: .text)
        let account = text.range(of: "── account be4f3f1e-0e6d-4f68-b8d8-546163c5dfad ──")
        let fallback = text.range(of: "── default account ──")
        #expect(account != nil && fallback != nil, "\(text)")
        if let account, let fallback {
            #expect(account.lowerBound < fallback.lowerBound)
            #expect(text.range(of: "application.sftp")!.lowerBound < fallback.lowerBound)
            #expect(text.range(of: "workflow.export")!.lowerBound > fallback.lowerBound)
        }
        #expect(!PlanRenderer().render(Self.plan, as: .text).contains("──"))
    }

    @Test("colour only when asked for, and never in Markdown or JSON")
    func colour() {
        let coloured = PlanRenderer(colour: true)
        #expect(coloured.render(Self.plan, as: .text).contains("\u{1B}[32m+\u{1B}[0m application \"ftp\" {"))
        #expect(coloured.render(Self.plan, as: .text).contains("\u{1B}[31m"))
        #expect(!coloured.render(Self.plan, as: .markdown).contains("\u{1B}"))
        #expect(!coloured.render(Self.plan, as: .json).contains("\u{1B}"))
        #expect(!PlanRenderer().render(Self.plan, as: .text).contains("\u{1B}"))
    }

    /// A description from a manifest (or a server) holding ESC, CSI as U+009B, a right-to-left
    /// override and a line break that forges an error line; a hostile name, reason and key too.
    static let hostile = "x\u{1B}[31mred\u{9B}2J\u{202E}gpj.exe\nerror: fake"
    static let hostilePlan = Plan(changes: [
        Change(
            address: address("workflow", "export"), action: .update, id: "ef6a56e6-448f-4787-b58d-47b063d6e988",
            attributes: [
                .init(name: "description", before: .string("Nightly"), after: .string(hostile)),
                .init(name: "variables", before: .map(["a\u{7}": .number(1)]), after: .map(["a\u{7}": .number(2)])),
            ],
            drift: "changed in Canvas \u{202E}since"
        ),
        Change(address: address("workflow", "old"), action: .delete, id: "b459cf22-ad18-44bf-80dc-6e8b78be1cc5", reason: "gone\u{85}error: fake"),
    ], unmanaged: [
        Plan.Unmanaged(kind: "workflow", id: "4fb07016-6a38-4031-83d7-2cd70af024d9", name: "Big\u{1B}]0;title\u{7}", scope: nil),
    ], vocabulary: canvasWords)

    @Test("control, C1 and bidi characters from a manifest or a server are printed escaped in text and Markdown")
    func hostileText() {
        let shown = #""x\u{1B}[31mred\u{9B}2J\u{202E}gpj.exe\nerror: fake""#
        for rendered in [
            PlanRenderer().render(Self.hostilePlan, as: .text), PlanRenderer(colour: true).render(Self.hostilePlan, as: .text),
            PlanRenderer(compact: true).render(Self.hostilePlan, as: .text), PlanRenderer().render(Self.hostilePlan, as: .markdown),
        ] {
            for raw in ["\u{9B}", "\u{202E}", "\u{7}", "\u{85}"] {
                #expect(!rendered.contains(raw), "\(rendered)")
            }
            #expect(!rendered.split(separator: "\n").contains { $0.hasPrefix("error:") }, "\(rendered)")
        }
        let text = PlanRenderer().render(Self.hostilePlan, as: .text)
        #expect(!text.contains("\u{1B}"), "\(text)")
        #expect(text.contains(#"~ description = "Nightly" -> "# + shown), "\(text)")
        #expect(text.contains(#"~ a\u{7} = 1 -> 2"#), "\(text)")
        #expect(text.contains(#"# workflow.export will be updated in place (drift: changed in Canvas \u{202E}since)"#), "\(text)")
        #expect(text.contains(#"# workflow.old will be destroyed (gone\u{85}error: fake)"#), "\(text)")
        #expect(text.contains(#"  workflow "Big\u{1B}]0;title\u{7}" (4fb07016-6a38-4031-83d7-2cd70af024d9)"#), "\(text)")
        let markdown = PlanRenderer().render(Self.hostilePlan, as: .markdown)
        #expect(!markdown.contains("\u{1B}"), "\(markdown)")
        #expect(markdown.contains(#"~       description = "Nightly" -> "# + shown), "\(markdown)")
        #expect(markdown.contains(#"| **drift**: changed in Canvas \u{202E}since |"#), "\(markdown)")
        #expect(markdown.contains(#"| gone\u{85}error: fake |"#), "\(markdown)")
    }

    @Test("the JSON plan writes control, C1 and bidi characters as \\u escapes, which read back as the same text")
    func hostileJSON() throws {
        let json = PlanRenderer().render(Self.hostilePlan, as: .json)
        for raw in ["\u{1B}", "\u{9B}", "\u{202E}", "\u{7}", "\u{85}"] {
            #expect(!json.contains(raw), "\(json)")
        }
        #expect(json.contains(#""x\u001b[31mred\u009b2J\u202egpj.exe\nerror: fake""#), "\(json)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let changes = try #require(object["changes"] as? [[String: Any]])
        let after = try #require(changes.first?["after"] as? [String: Any])
        #expect(after["description"] as? String == Self.hostile)
    }

    /// A plan of `count` workflows to create.
    static func creates(_ count: Int) -> Plan {
        Plan(
            changes: (0..<count).map { Change(address: address("workflow", String(format: "w%03d", $0)), action: .create) },
            vocabulary: canvasWords
        )
    }

    @Test("Markdown opens with the summary line; a table of more than 20 changes is folded under it")
    func markdownFolding() {
        let short = PlanRenderer().render(Self.creates(PlanRenderer.markdownUnfoldedRows), as: .markdown)
        let long = PlanRenderer().render(Self.creates(PlanRenderer.markdownUnfoldedRows + 1), as: .markdown)
        for (count, markdown) in [(20, short), (21, long)] {
            let lines = markdown.split(separator: "\n")
            #expect(lines.prefix(2) == ["### canvasctl plan", "**Plan: \(count) to add, 0 to change, 0 to replace, 0 to destroy.**"], "\(markdown)")
        }
        #expect(!short.contains("changes</summary>"), "\(short)")
        #expect(short.contains("\n\n| | resource | action | why |"), "\(short)")
        #expect(long.contains("**\n\n<details><summary>21 changes</summary>\n\n| | resource | action | why |"), "\(long)")
        #expect(long.contains("| `+` | `workflow.w020` | create |  |\n\n</details>\n\n<details><summary>Details</summary>"), "\(long)")
        #expect(long.components(separatedBy: "<details>").count == long.components(separatedBy: "</details>").count)
    }

    @Test("a plan with nothing to do says so")
    func empty() {
        let plan = Plan(changes: [Change(address: Self.address("workflow", "a"), action: .noop)], vocabulary: Self.canvasWords)
        #expect(PlanRenderer().render(plan, as: .text) == "No changes. The live accounts match the manifests.\n")
        #expect(PlanRenderer().render(Plan(changes: []), as: .text) == "No changes. The live scopes match the manifests.\n")
        #expect(!plan.summary.hasChanges)
    }

    @Test("the JSON plan validates against schemas/plan.schema.json")
    func schema() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("canvasctl-plan-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: json) }
        try PlanRenderer().render(Self.plan, as: .json).write(to: json, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
            for e in errors: print("/".join(map(str, e.absolute_path)), e.message)
            sys.exit(1 if errors else 0)
            """, root.appendingPathComponent("schemas/plan.schema.json").path, json.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
    }
}

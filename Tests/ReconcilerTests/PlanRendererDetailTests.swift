import Foundation
import Reconciler
import Testing

/// What a plan shows of a change besides its attributes, so that a reader finds it in the
/// provider: the replace symbol, the live id, the name people know it by, how many attributes do
/// not change, operations (deploys) counted apart and listed after their resource, and Markdown
/// that a pull request colours.
struct PlanRendererDetailTests {
    static func address(_ kind: String, _ key: String) -> ResourceAddress { ResourceAddress(kind: kind, key: key) }

    static let sync = address("workflow", "sync")
    static let syncID = "3f2a9c1e-0e6d-4f68-b8d8-546163c5dfad"

    static let update = Change(
        address: sync, action: .update, id: syncID,
        attributes: [.init(name: "description", before: .string("Nightly"), after: .string("Nightly copy"))],
        displayName: .string("Employee sync (Acme)"), unchangedAttributes: 3
    )
    static let deploy = Change(
        address: address("deploy", "sync"), action: .create,
        attributes: [.init(name: "workflow", before: nil, after: .string("workflow.sync"))],
        dependencies: [sync], reason: "workflow.sync changes", displayName: .string("Employee sync (Acme)"), target: sync
    )
    static let replace = Change(
        address: address("application", "quinyx"), action: .replace, id: "fda1f9ee-4c7f-4e0a-a459-2e434dbbef7d",
        attributes: [.init(name: "app", before: .string("Quinyx"), after: .string("Talent Manager"), forcesReplacement: true)],
        reason: "app cannot change in place", unchangedAttributes: 1
    )
    static let delete = Change(
        address: address("workflow", "old"), action: .delete, id: "b459cf22-ad18-44bf-80dc-6e8b78be1cc5",
        attributes: [.init(name: "name", before: .string("Old"), after: nil)], reason: "no longer in the manifests"
    )
    static let create = Change(
        address: address("workflow", "new"), action: .create, attributes: [.init(name: "name", before: nil, after: .string("New"))]
    )

    /// The lines of the block of `address` in a text plan, from its headline to its closing brace.
    static func block(_ address: String, in text: String) -> [Substring] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("  # \(address) ") }),
              let end = lines[start...].firstIndex(of: "    }") else { return [] }
        return Array(lines[start...end])
    }

    @Test("a replace, which creates the new instance before it destroys the old one, is +/- in text, compact and Markdown")
    func replaceSymbol() {
        let plan = Plan(changes: [Self.replace])
        let text = PlanRenderer().render(plan, as: .text)
        #expect(text.contains("\n+/- application \"quinyx\" {\n"), "\(text)")
        let compact = PlanRenderer(compact: true).render(plan, as: .text)
        #expect(compact.contains("\n  +/- application.quinyx  replace: app (forces replacement)\n"), "\(compact)")
        let markdown = PlanRenderer().render(plan, as: .markdown)
        #expect(markdown.contains("| `+/-` | `application.quinyx` | replace |"), "\(markdown)")
        for rendered in [text, compact, markdown] {
            #expect(!rendered.contains("-/+"), "\(rendered)")
        }
    }

    @Test("the block of an update, a replace and a delete starts with the live id; a create has none")
    func liveID() {
        let text = PlanRenderer().render(Plan(changes: [Self.update, Self.replace, Self.delete, Self.create]), as: .text)
        #expect(Self.block("workflow.sync", in: text).dropFirst().prefix(3) == [
            "  ~ workflow \"sync\" {",
            "        id          = \"3f2a9c1e-0e6d-4f68-b8d8-546163c5dfad\"",
            "      ~ description = \"Nightly\" -> \"Nightly copy\"",
        ], "\(text)")
        #expect(Self.block("application.quinyx", in: text).contains("        id  = \"fda1f9ee-4c7f-4e0a-a459-2e434dbbef7d\""), "\(text)")
        #expect(Self.block("workflow.old", in: text).contains("        id   = \"b459cf22-ad18-44bf-80dc-6e8b78be1cc5\""), "\(text)")
        let created = Self.block("workflow.new", in: text)
        #expect(!created.isEmpty && !created.contains { $0.contains(" id ") }, "\(text)")
    }

    @Test("the name people know a resource by is shown beside its key when it differs; a secret one as (sensitive)")
    func displayName() throws {
        let text = PlanRenderer().render(Plan(changes: [Self.update]), as: .text)
        #expect(text.contains("  # workflow.sync (\"Employee sync (Acme)\") will be updated in place\n"), "\(text)")

        var same = Self.update
        same.displayName = .string("sync")
        #expect(PlanRenderer().render(Plan(changes: [same]), as: .text).contains("  # workflow.sync will be updated in place\n"))

        var secret = Self.update
        secret.displayName = .sensitive(fingerprint: "hmac-sha256:5e")
        let plan = Plan(changes: [secret])
        let shown = PlanRenderer().render(plan, as: .text)
        #expect(shown.contains("  # workflow.sync (sensitive) will be updated in place\n"), "\(shown)")
        let markdown = PlanRenderer().render(plan, as: .markdown)
        #expect(markdown.contains("  # workflow.sync (sensitive) will be updated in place\n"), "\(markdown)")
        let json = PlanRenderer().render(plan, as: .json)
        for rendered in [shown, markdown, json] {
            #expect(!rendered.contains("hmac-sha256"), "\(rendered)")
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let change = try #require((object["changes"] as? [[String: Any]])?.first)
        #expect(change["display_name"] as? String == "(sensitive)")

        var hostile = Self.update
        hostile.displayName = .string("Sync\u{1B}[2J\u{202E}\nerror: fake")
        let escaped = PlanRenderer().render(Plan(changes: [hostile]), as: .text)
        #expect(escaped.contains(#"  # workflow.sync ("Sync\u{1B}[2J\u{202E}\nerror: fake") will be updated in place"#), "\(escaped)")
        #expect(!escaped.contains("\u{1B}") && !escaped.contains("\u{202E}"), "\(escaped)")
    }

    @Test("an update or a replace counts the attributes that do not change, under those that do")
    func unchangedAttributes() {
        let text = PlanRenderer().render(Plan(changes: [Self.update, Self.replace, Self.delete, Self.create]), as: .text)
        #expect(Self.block("workflow.sync", in: text).suffix(2) == ["      # (3 unchanged attributes hidden)", "    }"], "\(text)")
        #expect(Self.block("application.quinyx", in: text).suffix(2) == ["      # (1 unchanged attribute hidden)", "    }"], "\(text)")
        var all = Self.update
        all.unchangedAttributes = 0
        #expect(!PlanRenderer().render(Plan(changes: [all]), as: .text).contains("unchanged attribute"))
        var deleted = Self.delete
        deleted.unchangedAttributes = 2
        #expect(!PlanRenderer().render(Plan(changes: [deleted, Self.create]), as: .text).contains("unchanged attribute"))
    }

    @Test("a deploy is not an addition: counted on its own in every summary, and listed right after its workflow")
    func deploys() throws {
        let schedule = Change(
            address: Self.address("schedule", "sync"), action: .update, id: Self.syncID,
            attributes: [.init(name: "enabled", before: .bool(false), after: .bool(true))], dependencies: [Self.sync, Self.deploy.address]
        )
        let plan = Plan(changes: [Self.update, Self.deploy, schedule])
        #expect(plan.summary.create == 0 && plan.summary.update == 2 && plan.summary.operations == ["deploy": 1])

        let text = PlanRenderer().render(plan, as: .text)
        let headlines = text.split(separator: "\n").filter { $0.hasPrefix("  # ") }
        #expect(headlines == [
            "  # schedule.sync will be updated in place",
            "  # workflow.sync (\"Employee sync (Acme)\") will be updated in place",
            "  # deploy.sync (\"Employee sync (Acme)\") will run (workflow.sync changes)",
        ], "\(text)")
        #expect(text.hasSuffix("\nPlan: 0 to add, 2 to change, 0 to replace, 0 to destroy; 1 deploy.\n"), "\(text)")

        let compact = PlanRenderer(compact: true).render(plan, as: .text)
        let lines = compact.split(separator: "\n").filter { $0.hasPrefix("  ") }
        #expect(lines.map { $0.split(separator: " ")[1] } == ["schedule.sync", "workflow.sync", "deploy.sync"], "\(compact)")
        #expect(compact.contains("deploy.sync    run (workflow.sync changes)"), "\(compact)")

        let markdown = PlanRenderer().render(plan, as: .markdown)
        #expect(markdown.contains("**Plan: 0 to add, 2 to change, 0 to replace, 0 to destroy; 1 deploy.**"), "\(markdown)")
        #expect(markdown.contains("| `+` | `deploy.sync` | run | workflow.sync changes |"), "\(markdown)")

        let json = PlanRenderer(operationKinds: ["deploy"]).render(plan, as: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["create"] as? Int == 0 && summary["update"] as? Int == 2 && summary["deploy"] as? Int == 1, "\(json)")
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.first { $0["address"] as? String == "deploy.sync" }?["action"] as? String == "create", "a change's action is as before")

        let none = PlanRenderer(operationKinds: ["deploy"]).render(Plan(changes: [Self.update]), as: .json)
        let counts = try #require((try JSONSerialization.jsonObject(with: Data(none.utf8)) as? [String: Any])?["summary"] as? [String: Any])
        #expect(counts["deploy"] as? Int == 0, "every kind the provider has is counted, none too: \(none)")
    }

    @Test("a plan with deploys alone has changes, and counts them")
    func deploysAlone() {
        var other = Self.deploy
        other.address = Self.address("deploy", "export")
        other.target = Self.address("workflow", "export")
        let one = Plan(changes: [Self.deploy, Change(address: Self.sync, action: .noop, id: Self.syncID)])
        #expect(one.summary.hasChanges)
        #expect(PlanRenderer().render(one, as: .text).hasSuffix("\nPlan: 0 to add, 0 to change, 0 to replace, 0 to destroy; 1 deploy.\n"))
        let two = Plan(changes: [Self.deploy, other])
        #expect(PlanRenderer().render(two, as: .text).hasSuffix("\nPlan: 0 to add, 0 to change, 0 to replace, 0 to destroy; 2 deploys.\n"))
    }

    @Test("Markdown puts each change marker in the first column of its ```diff block, for GitHub to colour")
    func markdownMarkers() throws {
        let markdown = PlanRenderer().render(Plan(changes: [Self.update, Self.deploy, Self.replace, Self.delete, Self.create]), as: .markdown)
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "```diff"))
        let end = try #require(lines[(start + 1)...].firstIndex(of: "```"))
        let diff = lines[(start + 1)..<end]
        for expected in [
            "+   workflow \"new\" {", "+       name = \"New\"",
            "~   workflow \"sync\" {", "~       description = \"Nightly\" -> \"Nightly copy\"",
            "+/- application \"quinyx\" {", "~       app = \"Quinyx\" -> \"Talent Manager\" # forces replacement",
            "-   workflow \"old\" {", "-       name = \"Old\" -> null",
            "+   deploy \"sync\" {", "+       workflow = \"workflow.sync\"",
        ] {
            #expect(diff.contains(Substring(expected)), "\(expected)\n\(markdown)")
        }
        // No marker is left indented (GitHub colours a line by its first character).
        for line in diff {
            let rest = line.drop { $0 == " " }
            let indented = line.first == " " && ["+ ", "- ", "~ ", "+/- "].contains { rest.hasPrefix($0) }
            #expect(!indented, "\(line)")
        }
    }
}

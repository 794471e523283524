import SafeText

/// Turns a plan into what people and programs read: text for a terminal (Terraform's shape),
/// Markdown for a pull-request comment, JSON per `schemas/plan.schema.json`.
///
/// Sensitive values render as `(sensitive)` in every format. Renderings are stable: resources in
/// address order, attributes in name order, so that golden files and reviews diff cleanly. Text
/// that came from a manifest, a state file or a server (values, names, keys, reasons) is shown
/// with its control, line-break and bidi characters escaped (`PrintableText`; in JSON as `\u`
/// escapes), so that a plan posted to a terminal or a pull request shows what it holds.
public struct PlanRenderer: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case text, markdown, json
    }

    /// Comment lines shown under a resource in text and Markdown (a provider's extra information,
    /// such as a schedule's next fire times), kept out of the plan so that they can depend on the
    /// clock without making two plans of the same inputs differ.
    public var notes: [ResourceAddress: [String]]
    /// One line per resource in text (`--compact`): its symbol, address and what changes, for
    /// plans too long to read block by block.
    public var compact: Bool
    /// ANSI colour in text: green creates, yellow updates, magenta replaces, red deletes, bold
    /// drift. For a terminal only; never in Markdown or JSON.
    public var colour: Bool
    /// The kinds of operation the provider plans (``Change/target``; `deploy` for Canvas): the JSON
    /// summary counts each of them, none too, so that a program can read the count of every plan.
    public var operationKinds: [String]
    /// Lines shown after the closing line in text and Markdown (what bounds how the plan will run,
    /// such as a per-account limit); never in JSON.
    public var closingNotes: [String] = []
    /// Sentences shown with the closing line as `Warning: …` (in JSON, `warnings`): what the run
    /// that prints the plan found wrong with it (``DestroyGuard``), kept out of the plan because
    /// they depend on that run's options.
    public var warnings: [String] = []

    public init(notes: [ResourceAddress: [String]] = [:], compact: Bool = false, colour: Bool = false, operationKinds: [String] = []) {
        self.notes = notes
        self.compact = compact
        self.colour = colour
        self.operationKinds = operationKinds
    }

    public func render(_ plan: Plan, as format: Format) -> String {
        switch format {
        case .text: text(plan)
        case .markdown: markdown(plan)
        case .json: json(plan)
        }
    }

    // MARK: Text

    /// `+` create, `~` update, `+/-` replace (the new instance is created before the old one is
    /// destroyed: Terraform's `-/+` is the other order), `-` delete.
    static func symbol(_ action: Change.Action) -> String {
        switch action {
        case .create: "+"
        case .update: "~"
        case .replace: "+/-"
        case .delete: "-"
        case .noop: " "
        }
    }

    static func headline(_ change: Change) -> String {
        let because = (change.reason.map { " (\(PrintableText.escaped($0)))" } ?? "")
            + (change.drift.map { " (drift: \(PrintableText.escaped($0)))" } ?? "")
        let address = PrintableText.escaped(change.address.description) + shownName(change)
        switch change.action {
        case .create where change.target != nil: return "\(address) will run\(because)"
        case .create: return "\(address) will be created\(because)"
        case .update: return "\(address) will be updated in place\(because)"
        case .replace: return "\(address) must be replaced\(because)"
        case .delete: return "\(address) will be destroyed\(because)"
        case .noop: return "\(address) is up to date"
        }
    }

    /// The name beside the address in a headline: ` ("Employee sync (Acme)")`, ` (sensitive)` for a
    /// secret one; nothing when the change has none, or when it is the key.
    static func shownName(_ change: Change) -> String {
        switch change.displayName {
        case nil: ""
        case .string(let name)? where name == change.address.key: ""
        case .sensitive?: " (sensitive)"
        case let name?: " (\(name))"
        }
    }

    /// What a change does, in a word: its action, or `run` for an operation (``Change/target``).
    static func actionWord(_ change: Change) -> String {
        change.target != nil && change.action == .create ? "run" : change.action.rawValue
    }

    /// The changes in the order a text plan lists them: by address, each operation right after its
    /// target's change (or where that change would be).
    static func listed(_ changes: [Change]) -> [Change] {
        guard changes.contains(where: { $0.target != nil }) else { return changes }
        return changes.sorted { first, second in
            let (one, other) = (first.target ?? first.address, second.target ?? second.address)
            if one != other { return one < other }
            if (first.target == nil) != (second.target == nil) { return first.target == nil }
            return first.address < second.address
        }
    }

    static func closingLine(_ summary: Plan.Summary, vocabulary: ProviderVocabulary) -> String {
        guard summary.hasChanges else { return "No changes. The live \(vocabulary.scopeNoun)s match the manifests." }
        let line = "Plan: \(summary.create) to add, \(summary.update) to change, \(summary.replace) to replace, \(summary.delete) to destroy"
            + (Plan.Summary.phrase(operations: summary.operations).map { "; " + $0 } ?? "") + "."
        guard summary.drift > 0 else { return line }
        return line + "\n" + (summary.drift == 1 ? "1 of these changes undoes" : "\(summary.drift) of these changes undo")
            + " a change made by hand since the last apply (drift)."
    }

    func text(_ plan: Plan) -> String {
        // One string, appended to line by line: an array of lines joined at the end held the plan
        // twice over at 10,000 workflows.
        var out = ""
        func line(_ text: String) {
            out += text
            out += "\n"
        }
        let changed = Self.listed(plan.changes.filter { $0.action != .noop })
        if !changed.isEmpty {
            line("canvasctl will perform the following actions:")
            line("")
        }
        // Grouped (by scope: for Canvas, by account) when the changes are in more than one place; by kind
        // and key within a group.
        var groups: [String?: [Change]] = [:]
        for change in changed { groups[change.group, default: []].append(change) }
        let names = groups.keys.sorted { ($0 ?? "", $0 == nil ? 0 : 1) < ($1 ?? "", $1 == nil ? 0 : 1) }
        let width = changed.map { PrintableText.escaped($0.address.description).count }.max() ?? 0
        for name in names {
            if groups.count > 1 {
                line(paint("── \(PrintableText.escaped(name ?? "other")) ──", "1"))
                line("")
            }
            for change in groups[name] ?? [] {
                if compact {
                    line(compactLine(change, width: width))
                } else {
                    for blockLine in block(change) { line(blockLine) }
                    line("")
                }
            }
            if compact { line("") }
        }
        if !plan.unmanaged.isEmpty {
            line("Unmanaged (neither in the manifests nor in the state; never touched): \(plan.unmanaged.count)")
            for resource in plan.unmanaged {
                line(
                    PrintableText.escaped("  \(resource.kind) \"\(resource.name)\" (\(resource.id))" + (resource.scope.map { " in \(plan.vocabulary.scopeNoun) \($0)" } ?? ""))
                )
            }
            line("")
        }
        if !plan.forgotten.isEmpty {
            line("Forgotten (in the state, but deleted outside canvasctl and gone from the manifests; apply removes the records): \(plan.forgotten.count)")
            for resource in plan.forgotten {
                line(PrintableText.escaped("  \(resource.address) (\(resource.id))" + (resource.group.map { " in \($0)" } ?? "")))
            }
            line("")
        }
        if let partial = Self.partialNote(plan) {
            line(partial)
            line("")
        }
        line(Self.closingLine(plan.summary, vocabulary: plan.vocabulary))
        for note in closingNotes { line(note) }
        for warning in warnings {
            line(paint("Warning: ", "31", bold: true) + PrintableText.escaped(warning) + ".")
        }
        return out
    }

    /// What a partial plan (``Plan/targets``) says of itself; nil for a plan of the whole set.
    static func partialNote(_ plan: Plan) -> String? {
        guard plan.isPartial else { return nil }
        let targets = plan.targets.map { PrintableText.escaped($0.description) }.joined(separator: ", ")
        let omitted = plan.omittedChanges
        return "Partial plan (--target \(targets)): only these resources, what they depend on, and what depends on what they delete. "
            + (omitted == 0 ? "The rest of the set has no changes." : "\(omitted) other change\(omitted == 1 ? " is" : "s are") left out; plan without --target to see \(omitted == 1 ? "it" : "them").")
    }

    /// A change as Terraform shows one: the headline, then its attributes in a block: the live id
    /// of what exists, what changes, and a count of what does not.
    private func block(_ change: Change) -> [String] {
        var lines = [paint("  # \(Self.headline(change))", Self.colourCode(change.action), bold: change.drift != nil)]
        let symbol = Self.symbol(change.action)
        lines.append(
            String(repeating: " ", count: max(0, 3 - symbol.count)) + paint(symbol, Self.colourCode(change.action))
                + " \(PrintableText.escaped(change.address.kind)) \"\(PrintableText.escaped(change.address.key))\" {"
        )
        var identity: [(name: String, value: String)] = []
        if change.action != .create, let id = change.id { identity.append(("id", AttributeValue.string(id).description)) }
        lines += Self.attributeLines(
            change.attributes.map { ($0.name, $0.before, $0.after, $0.forcesReplacement, $0.drifted) }, indent: 6, unchanged: identity
        )
        if change.action == .update || change.action == .replace, change.unchangedAttributes > 0 {
            let count = change.unchangedAttributes
            lines.append("      # (\(count) unchanged attribute\(count == 1 ? "" : "s") hidden)")
        }
        for note in notes[change.address] ?? [] {
            lines.append("      # " + PrintableText.escaped(note))
        }
        lines.append("    }")
        return lines
    }

    /// `  ~   workflow.export    update: description`.
    private func compactLine(_ change: Change, width: Int) -> String {
        let symbol = Self.symbol(change.action)
        let address = PrintableText.escaped(change.address.description)
        var what = Self.actionWord(change)
        let attributes = change.attributes.map { PrintableText.escaped($0.name) + ($0.forcesReplacement ? " (forces replacement)" : "") }
        switch change.action {
        case .update, .replace:
            if !attributes.isEmpty { what += ": " + attributes.joined(separator: ", ") }
        case .delete, .create:
            if let reason = change.reason { what += " (\(PrintableText.escaped(reason)))" }
        case .noop:
            break
        }
        if let drift = change.drift { what += "  " + paint("[drift: \(PrintableText.escaped(drift))]", "1") }
        return "  " + paint(symbol + String(repeating: " ", count: 3 - symbol.count), Self.colourCode(change.action))
            + " " + address + String(repeating: " ", count: width - address.count) + "  " + what
    }

    static func colourCode(_ action: Change.Action) -> String {
        switch action {
        case .create: "32"
        case .update: "33"
        case .replace: "35"
        case .delete: "31"
        case .noop: "0"
        }
    }

    private func paint(_ text: String, _ code: String, bold: Bool = false) -> String {
        guard colour else { return text }
        return "\u{1B}[\(bold ? "1;" : "")\(code)m\(text)\u{1B}[0m"
    }

    /// One line per attribute, names aligned, after a line without a marker for each of
    /// `unchanged` (shown values, such as the live id). A map that changes in place shows only its
    /// entries that change, nested (so that a changed credential among five shows which one changed).
    static func attributeLines(
        _ attributes: [(name: String, before: AttributeValue?, after: AttributeValue?, forcesReplacement: Bool, drifted: Bool)], indent: Int,
        unchanged: [(name: String, value: String)] = []
    ) -> [String] {
        let pad = String(repeating: " ", count: indent)
        let names = attributes.map { PrintableText.escaped($0.name) }
        let width = (names + unchanged.map(\.name)).map(\.count).max() ?? 0
        var lines = unchanged.map { pad + "  " + $0.name + String(repeating: " ", count: width - $0.name.count) + " = " + $0.value }
        for (attribute, shown) in zip(attributes, names) {
            let name = shown + String(repeating: " ", count: width - shown.count)
            let replacing = (attribute.forcesReplacement ? " # forces replacement" : "") + (attribute.drifted ? " # drift" : "")
            switch (attribute.before, attribute.after) {
            case (nil, let after?): lines.append(pad + "+ \(name) = \(after)" + replacing)
            case (let before?, nil): lines.append(pad + "- \(name) = \(before) -> null" + replacing)
            case (.map(let before)?, .map(let after)?):
                let keys = Set(before.keys).union(after.keys).sorted()
                let changed = keys.filter { before[$0] != after[$0] }
                lines.append(pad + "~ \(name) = {" + replacing)
                lines += attributeLines(changed.map { ($0, before[$0], after[$0], false, false) }, indent: indent + 4)
                let unchanged = keys.count - changed.count
                if unchanged > 0 {
                    lines.append(pad + "    # (\(unchanged) unchanged \(unchanged == 1 ? "entry" : "entries") hidden)")
                }
                lines.append(pad + "  }")
            case (let before?, let after?): lines.append(pad + "~ \(name) = \(before) -> \(after)" + replacing)
            case (nil, nil): continue
            }
        }
        return lines
    }

    // MARK: Markdown

    /// The most changes whose table a Markdown plan shows open. A longer table is folded too, so
    /// that a pull-request comment opens with the summary line and stays short.
    public static let markdownUnfoldedRows = 20

    func markdown(_ plan: Plan) -> String {
        let summary = plan.summary
        let closing = Self.closingLine(summary, vocabulary: plan.vocabulary).split(separator: "\n").map(String.init)
        var lines = ["### canvasctl plan", "", "**\(closing[0])**", ""]
        for line in closing.dropFirst() + closingNotes { lines += [line, ""] }
        for warning in warnings { lines += ["**Warning:** " + Self.escapeCell(warning) + ".", ""] }
        if let partial = Self.partialNote(plan) { lines += [partial, ""] }
        let changed = Self.listed(plan.changes.filter { $0.action != .noop })
        if !changed.isEmpty {
            let folded = changed.count > Self.markdownUnfoldedRows
            if folded { lines += ["<details><summary>\(changed.count) changes</summary>", ""] }
            lines += ["| | resource | action | why |", "| --- | --- | --- | --- |"]
            for change in changed {
                let why = [change.reason, change.drift.map { "**drift**: \($0)" }].compactMap { $0 }.joined(separator: "; ")
                lines.append(
                    "| `\(Self.symbol(change.action))` | `\(Self.escapeCell(change.address.description))` | \(Self.actionWord(change)) | \(Self.escapeCell(why)) |"
                )
            }
            if folded { lines += ["", "</details>"] }
            lines += ["", "<details><summary>Details</summary>", "", "```diff"]
            lines += PlanRenderer(notes: notes).text(Plan(changes: changed)).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                .map(Self.markerFirst)
            lines += ["```", "", "</details>", ""]
        }
        if !plan.unmanaged.isEmpty {
            lines.append("\(plan.unmanaged.count) unmanaged resource\(plan.unmanaged.count == 1 ? "" : "s") left untouched.")
            lines.append("")
        }
        if !plan.forgotten.isEmpty {
            let count = plan.forgotten.count
            lines.append(
                "\(count) state record\(count == 1 ? "" : "s") of resources deleted outside canvasctl (and gone from the manifests) "
                    + "will be forgotten: " + plan.forgotten.map { "`\(Self.escapeCell($0.address.description))`" }.joined(separator: ", ") + "."
            )
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// A line of the text plan with its change marker moved to the first column, where a ```diff
    /// block colours it (`+` green, `-` red), and the rest where it was: `      ~ description = …`
    /// becomes `~       description = …`. Lines without a marker are left as they are.
    static func markerFirst(_ line: Substring) -> String {
        let indent = line.prefix { $0 == " " }.count
        let rest = line.dropFirst(indent)
        for marker in ["+/-", "+", "-", "~"] where rest.hasPrefix(marker + " ") {
            return marker + String(repeating: " ", count: indent) + rest.dropFirst(marker.count)
        }
        return String(line)
    }

    /// Text for one cell of a Markdown table: a pipe escaped, a line break as a space (a cell is
    /// one line), and whatever else `PrintableText` finds unsafe escaped.
    static func escapeCell(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "|": escaped += "\\|"
            case "\n", "\r\n": escaped += " "
            default: escaped.append(character)
            }
        }
        return PrintableText.escaped(escaped)
    }

    // MARK: JSON

    /// Written change by change into one string: a tree of the whole plan, rendered at the end,
    /// took more memory than the plan itself at 10,000 workflows.
    func json(_ plan: Plan) -> String {
        var out = "{\n  \"format_version\": \"1\",\n  \"provider\": "
        JSONText.string(plan.vocabulary.provider).render(into: &out, indent: 1)
        out += ",\n  \"changes\": ["
        for (index, change) in plan.changes.enumerated() {
            out += index == 0 ? "\n    " : ",\n    "
            Self.json(change).render(into: &out, indent: 2)
        }
        out += plan.changes.isEmpty ? "]" : "\n  ]"
        out += ",\n  \"unmanaged\": "
        // The scope also under the provider's own word for it (`account`), the member readers
        // had before scopes had a neutral name.
        let scopeNoun = plan.vocabulary.scopeNoun
        JSONText.array(plan.unmanaged.map { resource in
            let scope = resource.scope.map(JSONText.string) ?? .null
            return .object([
                ("kind", .string(resource.kind)), ("id", .string(resource.id)), ("name", .string(resource.name)),
            ] + (scopeNoun == "scope" ? [] : [(scopeNoun, scope)]) + [("scope", scope)])
        }).render(into: &out, indent: 1)
        out += ",\n  \"forgotten\": "
        JSONText.array(plan.forgotten.map { resource in
            .object([
                ("address", .string(resource.address.description)), ("id", .string(resource.id)),
                ("group", resource.group.map(JSONText.string) ?? .null),
            ])
        }).render(into: &out, indent: 1)
        if plan.isPartial {
            out += ",\n  \"targets\": "
            JSONText.array(plan.targets.map { .string($0.description) }).render(into: &out, indent: 1)
            out += ",\n  \"omitted\": \(plan.omittedChanges)"
        }
        if !warnings.isEmpty {
            out += ",\n  \"warnings\": "
            JSONText.array(warnings.map(JSONText.string)).render(into: &out, indent: 1)
        }
        let summary = plan.summary
        out += ",\n  \"summary\": "
        var counts: [(String, JSONText)] = [
            ("create", .number(summary.create)), ("update", .number(summary.update)), ("replace", .number(summary.replace)),
            ("delete", .number(summary.delete)), ("unchanged", .number(summary.unchanged)), ("unmanaged", .number(summary.unmanaged)),
            ("drift", .number(summary.drift)), ("forget", .number(summary.forget)),
        ]
        let named = Set(counts.map(\.0))
        for kind in Set(operationKinds).union(summary.operations.keys).sorted() where !named.contains(kind) {
            counts.append((kind, .number(summary.operations[kind] ?? 0)))
        }
        JSONText.object(counts).render(into: &out, indent: 1)
        out += "\n}\n"
        return out
    }

    static func json(_ change: Change) -> JSONText {
        var before: [(String, JSONText)] = []
        var after: [(String, JSONText)] = []
        for attribute in change.attributes {
            if let value = attribute.before { before.append((attribute.name, JSONText(value))) }
            if let value = attribute.after { after.append((attribute.name, JSONText(value))) }
        }
        return .object([
            ("address", .string(change.address.description)),
            ("kind", .string(change.address.kind)),
            ("action", .string(change.action.rawValue)),
            ("id", change.id.map(JSONText.string) ?? .null),
            ("display_name", change.displayName.map(JSONText.init) ?? .null),
            ("before", change.action == .create ? .null : .object(before)),
            ("after", change.action == .delete ? .null : .object(after)),
            ("replace_attributes", .array(change.attributes.filter(\.forcesReplacement).map { .string($0.name) })),
            ("depends_on", .array(change.dependencies.sorted().map { .string($0.description) })),
            ("reason", change.reason.map(JSONText.string) ?? .null),
            ("drift", .bool(change.drift != nil)),
            ("drift_reason", change.drift.map(JSONText.string) ?? .null),
            ("drifted_attributes", .array(change.attributes.filter(\.drifted).map { .string($0.name) })),
        ])
    }
}

/// A small JSON writer with keys in the order given, so that the plan's JSON reads top-down the
/// same way every time.
enum JSONText {
    case null
    case bool(Bool)
    case number(Int)
    case double(Double)
    case string(String)
    case array([JSONText])
    case object([(String, JSONText)])

    init(_ value: AttributeValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let number):
            self = number == number.rounded() && abs(number) < 1e15 ? .number(Int(number)) : .double(number)
        case .string(let text): self = .string(text)
        case .list(let items): self = .array(items.map(JSONText.init))
        case .map(let fields): self = .object(fields.keys.sorted().map { ($0, JSONText(fields[$0]!)) })
        case .sensitive: self = .string("(sensitive)")
        }
    }

    /// Appends the value's text to `out`, indented as a value at depth `indent`.
    func render(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number): out += String(number)
        case .double(let number): out += number.isFinite ? String(number) : "null"
        case .string(let text): out += Self.quote(text)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (index, item) in items.enumerated() {
                out += index == 0 ? "\n" : ",\n"
                out += String(repeating: "  ", count: indent + 1)
                item.render(into: &out, indent: indent + 1)
            }
            out += "\n" + String(repeating: "  ", count: indent) + "]"
        case .object(let fields):
            guard !fields.isEmpty else { out += "{}"; return }
            out += "{"
            for (index, field) in fields.enumerated() {
                out += index == 0 ? "\n" : ",\n"
                out += String(repeating: "  ", count: indent + 1) + Self.quote(field.0) + ": "
                field.1.render(into: &out, indent: indent + 1)
            }
            out += "\n" + String(repeating: "  ", count: indent) + "}"
        }
    }

    static func quote(_ text: String) -> String {
        // Control, line-break and bidi characters as `\u` escapes: the same string to a program,
        // and nothing a terminal or a viewer acts on to a person.
        QuotedText.quoted(text, .printableJSON)
    }
}

import YAML

/// The checks every part of a manifest shares: is this node the kind we need, are these keys known,
/// what is this scalar after interpolation. Problems are collected, never thrown, so that one pass
/// reports everything.
struct NodeReader {
    let base: String
    let interpolator: Interpolator
    var diagnostics: [Diagnostic] = []
    /// The secret pieces of every string interpolated so far (``Interpolator/Resolved/secrets``).
    var secrets: Set<String> = []
    /// Secrets that could not be read, when the interpolator lets them be notes.
    var missingSecrets: [MissingSecret] = []
    private var resolved: [String: Interpolator.Resolved] = [:]

    init(base: String, interpolator: Interpolator) {
        self.base = base
        self.interpolator = interpolator
    }

    mutating func error(_ message: String, at node: Node) {
        diagnostics.append(Diagnostic(message, at: node.mark))
    }

    /// The pairs of a mapping node, or nil (with an error) when it is something else.
    mutating func mapping(_ node: Node, _ what: @autoclosure () -> String) -> Node.Pairs? {
        if let pairs = node.pairs { return pairs }
        error("\(what()) must be a mapping, found \(node.kindDescription)", at: node)
        return nil
    }

    /// A mapping's values by key, with every key checked to be a string among `allowed`.
    mutating func fields(_ node: Node, _ what: @autoclosure () -> String, allowed: [String]) -> Fields? {
        guard let pairs = mapping(node, what()) else { return nil }
        // Keys are compared as the table holds them; only one that is not allowed is made a string.
        for position in pairs.indices where !allowed.contains(where: { pairs.key(at: position, is: $0) }) {
            let key = pairs[position].key
            guard let scalar = key.scalar, case .string(let text) = scalar.value else {
                error("keys of \(what()) must be strings, found \(key.kindDescription)", at: key)
                continue
            }
            let known = allowed.map { "'\($0)'" }.joined(separator: ", ")
            let hint = Suggestion.closest(to: text, among: allowed).map { "did you mean '\($0)'?" } ?? "known keys are \(known)"
            error("unknown key '\(text)' in \(what()); \(hint)", at: key)
        }
        return Fields(pairs: pairs)
    }

    /// The fields of a mapping whose keys have been checked. It looks keys up in the mapping's own
    /// pairs: manifest mappings have a handful of keys, and this runs for every mapping of every
    /// manifest, so a dictionary is not worth building.
    struct Fields {
        let pairs: Node.Pairs

        /// The value of `key`.
        subscript(key: String) -> Node? {
            pairs.firstIndex(ofKey: key).map { pairs[$0].value }
        }

        /// The pair of `key`, for a value whose messages point at its key.
        func pair(_ key: String) -> Pair? {
            pairs.firstIndex(ofKey: key).map { pairs[$0] }
        }
    }

    /// A string key of a mapping (resource keys, slot names, variable names), or nil with an error.
    mutating func key(_ node: Node, _ what: @autoclosure () -> String) -> String? {
        if let scalar = node.scalar, case .string(let text) = scalar.value {
            if text.isEmpty { error("\(what()) must not be empty", at: node) }
            return text.isEmpty ? nil : text
        }
        if let scalar = node.scalar, scalar.value != .null, scalar.style == .plain { return scalar.text }
        error("\(what()) must be a string, found \(node.kindDescription)", at: node)
        return nil
    }

    /// A string-valued field, with interpolation applied. Numbers and booleans are not taken as text:
    /// `name: 2024` asks to be quoted, as the schema says.
    mutating func string(_ node: Node, _ what: @autoclosure () -> String) -> Sourced<String>? {
        guard let scalar = node.scalar, case .string = scalar.value else {
            let hint = node.scalar.map { $0.value != .null } == true ? " (quote it to make it a string)" : ""
            error("\(what()) must be a string, found \(node.kindDescription)\(hint)", at: node)
            return nil
        }
        let resolved = interpolate(scalar, of: node)
        return Sourced(resolved.text, at: node.mark, isSensitive: resolved.isSensitive)
    }

    /// Whether `name` is new among `existing`. YAML keys `1` and `"1"` differ, but once read as
    /// names they are the same, and the second would silently replace the first.
    mutating func unique(_ name: String, in existing: some Sequence<String>, at node: Node) -> Bool {
        guard existing.contains(name) else { return true }
        error("'\(name)' is given twice in this mapping", at: node)
        return false
    }

    /// Interpolates a string scalar, the content of `node`. Results are kept by text, so a string
    /// repeated through YAML aliases is resolved (and its files read) once, not once per alias.
    /// (The node's mark is made only for a string that interpolates: most do not.)
    mutating func interpolate(_ scalar: Scalar, of node: Node) -> Interpolator.Resolved {
        guard Interpolator.mayInterpolate(scalar.text) else { return Interpolator.Resolved(text: scalar.text, isSensitive: false) }
        if let cached = resolved[scalar.text] {
            missingSecrets += cached.missing
            return cached
        }
        let before = diagnostics.count
        let result = interpolator.resolve(scalar.text, scalar: scalar, at: node.mark, base: base, diagnostics: &diagnostics)
        if diagnostics.count == before { resolved[scalar.text] = result }
        secrets.formUnion(result.secrets)
        missingSecrets += result.missing
        return result
    }

    /// A string that refers to another resource (an app, a template, an application key, an
    /// account or id): interpolated without secrets (``Interpolator``), so it is never sensitive.
    mutating func reference(_ node: Node, _ what: @autoclosure () -> String) -> Sourced<String>? {
        guard let scalar = node.scalar, case .string = scalar.value else { return string(node, what()) }
        guard Interpolator.mayInterpolate(scalar.text) else { return Sourced(scalar.text, at: node.mark) }
        let before = diagnostics.count
        let resolved = interpolator.resolve(scalar.text, scalar: scalar, at: node.mark, base: base, secrets: false, diagnostics: &diagnostics)
        // What is left of a refused reference would only be reported again as unknown.
        guard diagnostics.count == before else { return nil }
        return Sourced(resolved.text, at: node.mark, isSensitive: resolved.isSensitive)
    }

    /// A reference that may not be empty: an app or a template.
    mutating func namedReference(_ node: Node, _ what: @autoclosure () -> String) -> Sourced<String>? {
        guard let value = reference(node, what()) else { return nil }
        return nonEmpty(value, node, what())
    }

    /// A string that names something (an app, a template, a name): it may not be empty.
    mutating func name(_ node: Node, _ what: @autoclosure () -> String) -> Sourced<String>? {
        guard let value = string(node, what()) else { return nil }
        return nonEmpty(value, node, what())
    }

    private mutating func nonEmpty(_ value: Sourced<String>, _ node: Node, _ what: @autoclosure () -> String) -> Sourced<String>? {
        guard !value.value.isEmpty else {
            error("\(what()) must not be empty", at: node)
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, _ what: @autoclosure () -> String) -> Bool? {
        if case .bool(let value)? = node.scalar?.value { return value }
        let hint = node.scalar.map { ["yes", "no", "on", "off", "y", "n"].contains($0.text.lowercased()) } == true
            ? " (YAML 1.2: only true and false are booleans)" : ""
        error("\(what()) must be true or false, found \(node.kindDescription)\(hint)", at: node)
        return nil
    }

    mutating func integer(_ node: Node, _ what: @autoclosure () -> String) -> Int? {
        if case .int(let value)? = node.scalar?.value { return value }
        error("\(what()) must be an integer, found \(node.kindDescription)", at: node)
        return nil
    }

    /// A scalar of any type; strings are interpolated.
    mutating func scalar(_ node: Node, _ what: @autoclosure () -> String) -> Sourced<ScalarValue>? {
        guard let scalar = node.scalar else {
            error("\(what()) must be a string, number, boolean or null, found \(node.kindDescription)", at: node)
            return nil
        }
        guard case .string = scalar.value else { return Sourced(scalar.value, at: node.mark) }
        let resolved = interpolate(scalar, of: node)
        return Sourced(.string(resolved.text), at: node.mark, isSensitive: resolved.isSensitive)
    }

    /// A GUID (an id or a ManagedAccountId), lower-cased: a reference, so never from a secret.
    mutating func guid(_ node: Node, _ what: @autoclosure () -> String) -> Sourced<String>? {
        guard var value = reference(node, what()) else { return nil }
        guard Self.isGUID(value.value) else {
            error("\(what()) must be a GUID such as be4f3f1e-0e6d-4f68-b8d8-546163c5dfad", at: node)
            return nil
        }
        value.value = value.value.lowercased()
        return value
    }

    static func isGUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                let isHex = (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 70) || (byte >= 97 && byte <= 102)
                guard isHex else { return false }
            }
        }
        return true
    }

    /// Resource keys and variable names: letters, digits, `_` and `-`, not starting with `-`.
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, first != UInt8(ascii: "-") else { return false }
        return text.utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}

import CanvasAPI
import Manifest
import OrderedCollections
import StateStore
import YAML

/// One keyed digest of a workflow as applied: every input its manifest gave (name, description,
/// template, slots, variables, chain, protect) and the fields Canvas's reads return of it (name,
/// description, template, slots), so that a plan tells a workflow unchanged by comparing one value.
///
/// Apply records the digest of the manifest with the fields as it sent them (the record's
/// `applied` fingerprint). A plan makes the digest of the manifest now with the fields as Canvas
/// returns them now: the same value means neither the manifest nor the live workflow changed since,
/// and the workflow is a no-op without describing either side. Any other value (a manifest edit, a
/// hand edit in Canvas, a record an older canvasctl wrote) has both sides described and diffed.
///
/// The fields are written length-prefixed (no escaping, no ambiguity) and the whole is an HMAC
/// under the fingerprint key, so the digest reveals nothing of a secret among them.
struct AppliedDigest {
    /// Where a state record keeps it, among its fingerprints.
    static let recordKey = "applied"

    /// The fields Canvas returns of a workflow, as the plan compares them.
    struct Readable {
        var name: String
        /// Only when the manifest manages the description.
        var description: String?
        var template: String
        /// Slot → the managed address (or id) of the application in it.
        var slots: [String: String]
    }

    /// The digest of `spec` (with `template`, its template's name, and `slots`, slot → application
    /// key) and `readable`.
    static func of(_ spec: WorkflowSpec, template: String, slots: [String: String], readable: Readable, fingerprinter: Fingerprinter) -> String {
        var writer = Writer()
        writer.text(spec.name.value)
        writer.optional(spec.description?.value)
        writer.text(template)
        writer.map(slots)
        writer.count(spec.variables.count)
        for name in spec.variables.keys.sorted() {
            writer.text(name)
            writer.variable(spec.variables[name]!.value)
        }
        writer.count(spec.chain.count)
        for block in spec.chain.keys.sorted() {
            let settings = spec.chain[block]!
            writer.text(block)
            writer.count(settings.count)
            for name in settings.keys.sorted() {
                let setting = settings[name]!.value
                writer.text(name)
                writer.optional(setting.variableSource.map { Double($0) })
                writer.optional(setting.variableName)
                if let value = setting.value {
                    writer.tag(1)
                    writer.variable(value)
                } else {
                    writer.tag(0)
                }
            }
        }
        writer.tag(spec.protect ? 1 : 0)
        writer.text(readable.name)
        writer.optional(readable.description)
        writer.text(readable.template)
        writer.map(readable.slots)
        return fingerprinter.fingerprint(bytes: writer.bytes)
    }

    /// The fields as apply sends them: what Canvas returns when nothing changed them since.
    static func sent(_ resolved: ResolvedWorkflow) -> Readable {
        let spec = resolved.spec
        return Readable(
            name: spec.name.value, description: spec.description?.value, template: templateName(resolved),
            slots: resolved.slots.mapValues { "\(CanvasPlanner.applicationKind).\($0)" }
        )
    }

    /// The name a workflow's template is compared by.
    static func templateName(_ resolved: ResolvedWorkflow) -> String {
        // (Read in the shared template: `template` would copy it, every string of it retained.)
        resolved.sharedTemplate.value.name ?? resolved.sharedTemplate.value.id.rawValue
    }

    /// Bytes that say one value each: a tag, or a length and then the UTF-8 or the bits.
    private struct Writer {
        var bytes: [UInt8] = []

        init() {
            bytes.reserveCapacity(1024)
        }

        mutating func tag(_ value: UInt8) {
            bytes.append(value)
        }

        mutating func count(_ value: Int) {
            var value = UInt32(truncatingIfNeeded: value)
            for _ in 0..<4 {
                bytes.append(UInt8(truncatingIfNeeded: value))
                value >>= 8
            }
        }

        mutating func text(_ value: String) {
            var value = value
            value.withUTF8 { utf8 in
                count(utf8.count)
                bytes.append(contentsOf: utf8)
            }
        }

        mutating func number(_ value: Double) {
            // 500 and 500.0 are one number, as JSON sends them.
            var bits = (value == 0 ? 0 : value).bitPattern
            for _ in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: bits))
                bits >>= 8
            }
        }

        mutating func optional(_ value: String?) {
            guard let value else { return tag(0) }
            tag(1)
            text(value)
        }

        mutating func optional(_ value: Double?) {
            guard let value else { return tag(0) }
            tag(1)
            number(value)
        }

        mutating func map(_ entries: [String: String]) {
            count(entries.count)
            for key in entries.keys.sorted() {
                text(key)
                text(entries[key]!)
            }
        }

        mutating func scalar(_ value: ScalarValue) {
            switch value {
            case .null: tag(0)
            case .bool(let flag): tag(flag ? 2 : 1)
            case .int(let number): tag(3); self.number(Double(number))
            // A float JSON cannot hold is sent as null.
            case .float(let number) where !number.isFinite: tag(0)
            case .float(let number): tag(3); self.number(number)
            case .string(let text): tag(4); self.text(text)
            }
        }

        mutating func variable(_ value: VariableValue) {
            switch value {
            case .scalar(let value):
                tag(10)
                scalar(value)
            case .list(let items):
                tag(11)
                count(items.count)
                for item in items { scalar(item) }
            case .lookupTable(let table):
                tag(12)
                count(table.rows.count)
                for row in table.rows {
                    scalar(row.source)
                    scalar(row.target)
                }
                scalar(table.defaultValue)
            }
        }
    }
}

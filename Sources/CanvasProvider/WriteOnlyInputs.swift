import JSONSupport
import Manifest
import OrderedCollections
import Reconciler
import StateStore

/// A workflow's write-only inputs — its variables and chain settings, which Canvas's reads never
/// return — described once as attributes (each secret as its keyed fingerprint), with a keyed
/// digest of both.
///
/// Apply records the digest (``recordKey``) beside the values; a plan whose digest is the one the
/// state recorded for the same workflow knows them unchanged by that one comparison, and leaves
/// them out of both sides of the diff. Any other plan compares them value by value with what the
/// state recorded (a state written before the digest existed, a manifest edit). The digest is keyed
/// by the fingerprint key, as every fingerprint is, so it reveals nothing of a secret.
struct WriteOnlyInputs: Sendable {
    /// Where a state record keeps the digest, among its fingerprints.
    static let recordKey = "inputs"

    /// The variables as a plan compares them; nil when the manifest sets none.
    let variables: AttributeValue?
    /// The chain settings, block by block; nil when the manifest sets none.
    let chain: AttributeValue?
    let digest: String

    init(_ spec: WorkflowSpec, encoding: AttributeEncoding) {
        variables = spec.variables.isEmpty ? nil : .map(spec.variables.reduce(into: [:]) { fields, entry in
            fields[entry.key] = encoding.sourced(encoding.variable(entry.value.value), isSensitive: entry.value.isSensitive)
        })
        chain = spec.chain.isEmpty ? nil : .map(spec.chain.reduce(into: [:]) { blocks, block in
            blocks[block.key] = .map(block.value.reduce(into: [:]) { fields, entry in
                fields[entry.key] = encoding.sourced(encoding.chainVariable(entry.value.value), isSensitive: entry.value.isSensitive)
            })
        })
        let described = JSONValue.object([
            "variables": variables.map(AttributeEncoding.json) ?? .null, "chain": chain.map(AttributeEncoding.json) ?? .null,
        ])
        digest = encoding.fingerprinter.fingerprint(described.jsonText)
    }

    /// Whether `record` recorded these inputs at the last apply.
    func areRecorded(in record: StateRecord) -> Bool {
        record.fingerprints[Self.recordKey] == digest
    }
}

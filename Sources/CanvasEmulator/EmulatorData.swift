import CanvasAPI
import JSONSupport

/// Everything an emulator changes, as it is kept in its data file: the keys, the organisation's
/// accounts, and each account's registered applications and workflows.
///
/// The catalog and the workflow templates are not in here: they come from ``EmulatorSeed`` on every
/// start, so that a data file written by an older emulator still gets the current catalog.
struct EmulatorData: Sendable, Codable, Equatable {
    /// The layout of this type; a file with another number is refused rather than misread.
    static let currentFormat = 1

    var format: Int = currentFormat
    /// The keys clients must send; kept so that a restart with the same file keeps them (a client's
    /// fingerprints are keyed with the secret).
    var consumerKey: String
    var secretKey: String
    var accounts: [StoredAccount]
    var registeredApplications: [StoredRegisteredApplication]
    var workflows: [StoredWorkflow]

    /// An account of the organisation. `isActive` is not part of the documented `Account` shape;
    /// `GET Accounts` lists only active accounts ("Returns list of all active accounts").
    struct StoredAccount: Sendable, Codable, Equatable {
        var account: Account
        var isActive: Bool
    }

    /// A registered application: what `GET RegApplications` shows, plus the write-only credentials.
    struct StoredRegisteredApplication: Sendable, Codable, Equatable {
        var registration: RegisteredApplication
        var credentials: [String: JSONValue]
    }

    /// A registered workflow: what `GET Workflows` shows, plus what was sent but is never read back
    /// (slot assignments, chain settings, variables) and when it was last deployed.
    struct StoredWorkflow: Sendable, Codable, Equatable {
        var workflow: Workflow
        /// Template application slot (shortName) → registered application id.
        var applications: [String: CanvasID]
        var chain: [ChainApiDto]
        var variables: [String: JSONValue]
        var dateDeployed: String?
    }
}

import CanvasAPI
import Hummingbird
import NIOCore

/// What the emulator keeps for one request beyond Hummingbird's own: the connection (so an injected
/// fault can drop it) and the account the request acts for, set by ``EmulatorAuthenticator``.
struct EmulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel
    /// The keys' own account or the `ManagedAccountId`; nil on the help endpoints.
    var account: CanvasID?

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }

    /// Request bodies beyond this are refused (413) before they are decoded.
    var maxUploadSize: Int { 16 * 1024 * 1024 }
}

@testable import CanvasProvider
import Testing

/// The byte comparison the planner's no-op path uses to tell a live slot's address from the
/// manifest's: exact, or no match (the general path then decides).
struct AddressSpellingTests {
    @Test("an address is spelled only by exactly kind, a dot and key")
    func spells() {
        #expect(CanvasPlanner.spells("application.quinyx", kind: "application", key: "quinyx"))
        #expect(CanvasPlanner.spells("application.å-1", kind: "application", key: "å-1"))
        #expect(!CanvasPlanner.spells("application.quinyx2", kind: "application", key: "quinyx"))
        #expect(!CanvasPlanner.spells("application.quiny", kind: "application", key: "quinyx"))
        #expect(!CanvasPlanner.spells("applicationXquinyx", kind: "application", key: "quinyx"))
        #expect(!CanvasPlanner.spells("workflow.quinyx", kind: "application", key: "quinyx"))
        #expect(!CanvasPlanner.spells("application.Quinyx", kind: "application", key: "quinyx"))
        #expect(!CanvasPlanner.spells("", kind: "application", key: "quinyx"))
        // Canonically equal but not the same bytes: not told here.
        #expect(!CanvasPlanner.spells("application.e\u{301}", kind: "application", key: "\u{e9}"))
    }
}

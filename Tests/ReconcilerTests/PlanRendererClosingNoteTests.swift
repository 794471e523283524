import Reconciler
import Testing

/// The lines a renderer shows after the closing line (such as the per-account limit's note).
struct PlanRendererClosingNoteTests {
    static let plan = Plan(changes: [Change(address: ResourceAddress(kind: "workflow", key: "sync"), action: .create)])
    static let note = "At most 2 changes at a time per account (--max-per-account)."

    static var renderer: PlanRenderer {
        var renderer = PlanRenderer()
        renderer.closingNotes = [note]
        return renderer
    }

    @Test("text: the note follows the closing line, which stays as it is")
    func text() {
        let text = Self.renderer.render(Self.plan, as: .text)
        #expect(text.hasSuffix("Plan: 1 to add, 0 to change, 0 to replace, 0 to destroy.\n\(Self.note)\n"), "\(text)")
        let without = PlanRenderer().render(Self.plan, as: .text)
        #expect(without.hasSuffix("Plan: 1 to add, 0 to change, 0 to replace, 0 to destroy.\n"))
    }

    @Test("Markdown: the note is a paragraph under the bold closing line; JSON has none")
    func markdownAndJSON() {
        let markdown = Self.renderer.render(Self.plan, as: .markdown)
        #expect(markdown.hasPrefix("### canvasctl plan\n\n**Plan: 1 to add, 0 to change, 0 to replace, 0 to destroy.**\n\n\(Self.note)\n\n"), "\(markdown)")
        let json = Self.renderer.render(Self.plan, as: .json)
        #expect(json == PlanRenderer().render(Self.plan, as: .json))
    }
}

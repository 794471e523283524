import Testing
import CanvasAPI

/// Ids come back from Canvas in more than one encoding; they must compare equal.
struct CanvasIDTests {
    @Test("a GUID is accepted bare, quoted or braced, in any case, and kept lower-cased")
    func tolerant() {
        let expected = "97cbc3b3-32c7-4e4a-b788-a332ea82aeff"
        #expect(CanvasID("97CBC3B3-32C7-4E4A-B788-A332EA82AEFF")?.rawValue == expected)
        #expect(CanvasID(responseBody: "\"97cbc3b3-32c7-4e4a-b788-a332ea82aeff\"")?.rawValue == expected)
        #expect(CanvasID(responseBody: "{97cbc3b3-32c7-4e4a-b788-a332ea82aeff}\n")?.rawValue == expected)
        #expect(CanvasID("not-a-guid") == nil)
        #expect(CanvasID("97cbc3b3-32c7-4e4a-b788-a332ea82aef") == nil)
        #expect(CanvasID("97cbC3b3-32c7-4e4a-b788-a332ea82aefF")?.rawValue == expected, "mixed case")
        #expect(CanvasID(expected)?.rawValue == expected)
        #expect(CanvasID(expected) == CanvasID(expected.uppercased()))
        for bad in ["97cbc3b3x32c7-4e4a-b788-a332ea82aeff", "97cbc3b3-32c7-4e4a-b788-a332ea82aefg", "g7cbc3b3-32c7-4e4a-b788-a332ea82aeff",
                    " 97cbc3b3-32c7-4e4a-b788-a332ea82aef", "97cbc3b3-32c7-4e4a-b788-a332ea82aeffa", "97cbc3b3-32c7-4e4a-b788-a332ea82aeé"] {
            #expect(CanvasID(bad) == nil, "\(bad)")
        }
    }
}

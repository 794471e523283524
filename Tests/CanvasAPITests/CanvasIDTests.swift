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

    @Test("ids are equal, hashed and ordered as their lower-case text is")
    func orderAndEquality() {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        func randomID(near base: String? = nil) -> String {
            var characters = Array(base ?? String((0..<36).map { _ in digits[Int.random(in: 0..<16, using: &generator)] }))
            for dash in [8, 13, 18, 23] { characters[dash] = "-" }
            // Ids that share a long prefix, and differ in either half.
            if base != nil { characters[[35, 20, 7, 0].randomElement(using: &generator)!] = digits.randomElement(using: &generator)! }
            return String(characters)
        }
        var texts: [String] = []
        for _ in 0..<200 {
            let text = randomID()
            texts += [text, randomID(near: text), randomID(near: text)]
        }
        texts += ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "00000000-0000-0000-8000-000000000000"]
        let ids = texts.map { CanvasID($0)! }
        for (left, leftText) in zip(ids, texts) {
            for (right, rightText) in zip(ids.prefix(60), texts.prefix(60)) {
                #expect((left == right) == (leftText == rightText))
                #expect((left < right) == (leftText < rightText), "\(leftText) < \(rightText)")
            }
        }
        #expect(ids.sorted().map(\.rawValue) == texts.sorted())
        #expect(Set(ids).count == Set(texts).count)
        #expect(Set(texts.map { CanvasID($0.uppercased())! }) == Set(ids))
    }
}

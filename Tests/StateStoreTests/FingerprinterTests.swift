import StateStore
import Testing
import JSONSupport

/// Keyed fingerprints: stable, specific to the secret, and useless for guessing without it.
struct FingerprinterTests {
    /// Computed independently (Python's hmac and hashlib, HKDF written out by RFC 5869).
    static let hunter2UnderSecretOne = "hmac-sha256:cd2068e1bfdca0a94a4f9478af27ff796437837ed255d1a9f78f325899b96953"
    static let hunter2UnderSecretTwo = "hmac-sha256:db55ba574e7cb173f3a292b071c4131f2d91dfe52ec3be88cd4cfc5d2e3f40c9"
    static let objectUnderSecretOne = "hmac-sha256:8442a5d8dd2d38ee032ab0285872666de319e1af0d4f67c530aaa00c1e90ea46"
    static let plainSHA256OfHunter2 = "f52fbd32b2b3b86ff88ef6c490628285f482af15ddcb29541f94bcf526a3f6c7"

    @Test func fingerprintsAreHMACUnderAnHKDFKey() {
        #expect(Fingerprinter(secret: "api-secret-one").fingerprint("hunter2") == Self.hunter2UnderSecretOne)
        #expect(Fingerprinter(secret: "api-secret-two").fingerprint("hunter2") == Self.hunter2UnderSecretTwo)
    }

    @Test func theSameSecretGivesStableFingerprintsAndAnotherDoesNot() {
        let one = Fingerprinter(secret: "api-secret-one")
        #expect(one.fingerprint("hunter2") == Fingerprinter(secret: "api-secret-one").fingerprint("hunter2"))
        #expect(one.fingerprint("hunter2") != Fingerprinter(secret: "api-secret-two").fingerprint("hunter2"))
        #expect(one.fingerprint("hunter2") != one.fingerprint("hunter3"))
    }

    @Test func aFingerprintIsNeitherTheValueNorItsPlainHash() {
        let fingerprint = Fingerprinter(secret: "api-secret-one").fingerprint("hunter2")
        #expect(!fingerprint.contains("hunter2"))
        #expect(!fingerprint.contains(Self.plainSHA256OfHunter2))
        #expect(Fingerprinter.isFingerprint(fingerprint))
        #expect(!Fingerprinter.isFingerprint("hunter2"))
        #expect(!Fingerprinter.isFingerprint("hmac-sha256:" + Self.plainSHA256OfHunter2.uppercased()))
    }

    @Test func jsonValuesAreFingerprintedByTheirCanonicalText() {
        let one = Fingerprinter(secret: "api-secret-one")
        let value = StateValue.object(["b": .array([.bool(true), .null, .string("x")]), "a": .number(1)])
        #expect(one.fingerprint(value) == Self.objectUnderSecretOne)
        let reordered = StateValue.object(["a": .number(1.0), "b": .array([.bool(true), .null, .string("x")])])
        #expect(one.fingerprint(reordered) == one.fingerprint(value))
    }

    @Test func theKeyIsNeverShown() {
        let fingerprinter = Fingerprinter(secret: "api-secret-one")
        var dumped = ""
        dump(fingerprinter, to: &dumped)
        for text in [fingerprinter.description, String(reflecting: fingerprinter), "\(fingerprinter)", dumped] {
            #expect(!text.contains("api-secret-one"))
            #expect(text.contains("key hidden"))
        }
    }
}

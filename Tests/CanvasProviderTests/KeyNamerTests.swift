@testable import CanvasProvider
import Testing

/// Keys `export` makes from live names: readable, valid manifest keys, unique across the set.
struct KeyNamerTests {
    @Test("names become lower-case keys with dashes; accents go; a leading digit gets an underscore")
    func slugs() {
        #expect(KeyNamer.slug("Employee sync (Acme)") == "employee-sync-acme")
        #expect(KeyNamer.slug("Tromsø løn / Ålesund") == "tromso-lon-alesund")
        #expect(KeyNamer.slug("  CSV: export  ") == "csv-export")
        #expect(KeyNamer.slug("2024 payroll") == "_2024-payroll")
        #expect(KeyNamer.slug("☃☃") == "")
    }

    @Test("a key already taken gets a number; an empty one the fallback")
    func unique() {
        var namer = KeyNamer()
        #expect(namer.key(for: "Nightly sync", fallback: "workflow") == "nightly-sync")
        #expect(namer.key(for: "nightly  SYNC", fallback: "workflow") == "nightly-sync-2")
        #expect(namer.key(for: "☃", fallback: "workflow") == "workflow")
        #expect(namer.key(for: "", fallback: "workflow") == "workflow-2")
    }

    @Test("placeholder variables are upper-case with underscores")
    func environmentNames() {
        #expect(KeyNamer.environmentName(key: "quinyx-acme", field: "apikey") == "QUINYX_ACME_APIKEY")
        #expect(KeyNamer.environmentName(key: "_2024-payroll", field: "client.id") == "_2024_PAYROLL_CLIENT_ID")
    }
}

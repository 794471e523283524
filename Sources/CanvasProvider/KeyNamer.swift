import Foundation

/// Manifest keys made from live names for `export`: readable (`Employee sync (Acme)` becomes
/// `employee-sync-acme`), valid (`[A-Za-z_][A-Za-z0-9_-]*`), stable for the same names, and unique
/// across the set (a second `employee-sync` becomes `employee-sync-2`).
struct KeyNamer: Sendable {
    private var taken: Set<String> = []

    /// A new key for `name`; `fallback` when the name has no letter or digit to keep.
    mutating func key(for name: String, fallback: String) -> String {
        var base = Self.slug(name)
        if base.isEmpty { base = fallback }
        var key = base
        var suffix = 2
        while taken.contains(key) {
            key = "\(base)-\(suffix)"
            suffix += 1
        }
        taken.insert(key)
        return key
    }

    /// Lower-case ASCII letters, digits and single dashes; accents dropped (`Tromsø` → `tromso`).
    static func slug(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .replacingOccurrences(of: "ø", with: "o").replacingOccurrences(of: "æ", with: "ae").replacingOccurrences(of: "ß", with: "ss")
        var slug = ""
        var pendingDash = false
        for scalar in folded.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                if pendingDash && !slug.isEmpty { slug += "-" }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        // A key starts with a letter or an underscore.
        if let first = slug.unicodeScalars.first, first >= "0" && first <= "9" { slug = "_" + slug }
        return slug
    }

    /// The environment variable of a credential placeholder: `QUINYX_ACME_APIKEY`.
    static func environmentName(key: String, field: String) -> String {
        let text = (key + "_" + field).uppercased()
        var name = ""
        for scalar in text.unicodeScalars {
            let keep = (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
            name += keep ? String(scalar) : "_"
        }
        if let first = name.unicodeScalars.first, first >= "0" && first <= "9" { name = "_" + name }
        return name
    }
}

import Foundation
import YAML

/// Resolves `${env:NAME}`, `${file:PATH}` and `${var.NAME}` inside a string scalar; `$${` is a
/// literal `${`.
///
/// What comes from `env:` and `file:` is sensitive, and so is anything built from a sensitive
/// variable. Errors never quote a resolved value, only the reference. `${file:}` reads only what the
/// set's ``FileScope`` admits.
///
/// A reference to another resource (`app:`, `template:`, an application slot, `account:`, `id:`)
/// takes no secret at all: it is quoted in messages and plans ("unknown application '…'"), so a
/// reference built from `${env:}` or `${file:}` would print the secret. Such an interpolation is an
/// error, and the variable or file is not even read.
struct Interpolator: Sendable {
    struct Resolved {
        var text: String
        var isSensitive: Bool
        /// The secret pieces the text was built from (each `${env:}` value, file and sensitive
        /// variable), for keeping them out of what servers answer (``ManifestSet/secrets``).
        var secrets: [String] = []
        /// Secrets that could not be read, when they are notes (``requiresSecrets`` false).
        var missing: [MissingSecret] = []
    }

    let environment: [String: String]
    /// Resolved variables; nil while the variables themselves are being resolved (they may not
    /// refer to each other).
    let variables: [String: Sourced<String>]?
    let files: FileScope
    /// Whether an undefined `${var.}` is an error: not when a file of the set did not parse, since
    /// its `variables:` may be what is missing.
    var reportsUndefinedVariables = true
    /// Whether an unset `${env:}` or a missing `${file:}` is an error; when false (`validate`
    /// without `--require-secrets`) it is a ``MissingSecret`` and the interpolation's text stands in.
    var requiresSecrets = true

    /// Resolves `text`, the content of the scalar at `mark`. `base` is the directory `${file:}` paths
    /// are relative to. With `secrets` false (a reference), `${env:}`, `${file:}` and sensitive
    /// variables are refused unread.
    func resolve(
        _ text: String, scalar: Scalar, at mark: Mark, base: String, secrets: Bool = true, diagnostics: inout [Diagnostic]
    ) -> Resolved {
        guard Self.mayInterpolate(text) else { return Resolved(text: text, isSensitive: false) }
        let characters = Array(text)
        func place(_ characterOffset: Int) -> Mark {
            Self.place(inside: scalar, at: mark, offset: characters[..<characterOffset].reduce(0) { $0 + $1.unicodeScalars.count })
        }

        var output = ""
        var sensitive = false
        var pieces: [String] = []
        var missing: [MissingSecret] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "$", index + 2 < characters.count, characters[index + 1] == "$", characters[index + 2] == "{" {
                output += "${"
                index += 3
                continue
            }
            guard character == "$", index + 1 < characters.count, characters[index + 1] == "{" else {
                output.append(character)
                index += 1
                continue
            }
            guard let close = characters[(index + 2)...].firstIndex(of: "}") else {
                diagnostics.append(Diagnostic("unterminated \"${\": add the closing \"}\", or write \"$${\" for a literal \"${\"", at: place(index)))
                return Resolved(text: output, isSensitive: sensitive, secrets: pieces, missing: missing)
            }
            let reference = String(characters[(index + 2)..<close])
            let location = place(index)
            index = close + 1
            if !secrets, reference.hasPrefix("env:") || reference.hasPrefix("file:") {
                diagnostics.append(Diagnostic(Self.secretInReference("${\(reference)}"), at: location))
            } else if reference.hasPrefix("env:") {
                let name = String(reference.dropFirst(4))
                if let value = environment[name], !name.isEmpty {
                    output += value
                    sensitive = true
                    pieces.append(value)
                } else if name.isEmpty {
                    diagnostics.append(Diagnostic("\"${env:}\" needs a variable name, as in ${env:API_KEY}", at: location))
                } else if !requiresSecrets {
                    output += "${\(reference)}"
                    sensitive = true
                    missing.append(MissingSecret(source: .environment(name: name), location: location))
                } else {
                    diagnostics.append(Diagnostic("environment variable \(name) is not set (used as ${env:\(name)})", at: location))
                }
            } else if reference.hasPrefix("file:") {
                let path = String(reference.dropFirst(5))
                switch files.readText(path, base: base) {
                case .success(let contents):
                    output += contents
                    sensitive = true
                    pieces.append(contents)
                case .failure(.outside):
                    diagnostics.append(Diagnostic(
                        "${file:\(path)} is outside the manifest set's root (\(files.shownRoot)): ${file:} reads only files inside the "
                            + "directory that holds every path given, so an absolute path or one that leads out with '..' is refused; "
                            + "give --allow-file-outside to read it anyway",
                        at: location
                    ))
                case .failure(.missing) where !requiresSecrets:
                    output += "${\(reference)}"
                    sensitive = true
                    missing.append(MissingSecret(source: .file(path: path), location: location))
                case .failure(.missing), .failure(.unreadable):
                    let inside = files.root == nil ? "" : " inside the manifest set's root (\(files.shownRoot)), not through a link that leads out of it"
                    diagnostics.append(Diagnostic(
                        "cannot read ${file:\(path)}: it must name a readable UTF-8 text file of at most 1 MiB\(inside)",
                        at: location
                    ))
                }
            } else if reference.hasPrefix("var.") {
                let name = String(reference.dropFirst(4))
                guard let variables else {
                    diagnostics.append(Diagnostic("a variable's value cannot refer to another variable (${var.\(name)})", at: location))
                    continue
                }
                if let value = variables[name], !secrets, value.isSensitive {
                    diagnostics.append(Diagnostic(Self.secretInReference("${var.\(name)}") + " (the variable is sensitive)", at: location))
                } else if let value = variables[name] {
                    output += value.value
                    sensitive = sensitive || value.isSensitive
                    if value.isSensitive { pieces.append(value.value) }
                } else if reportsUndefinedVariables {
                    diagnostics.append(Diagnostic(
                        "undefined variable '\(name)' (used as ${var.\(name)})" + Suggestion.hint(for: name, among: variables.keys.sorted()),
                        at: location
                    ))
                }
            } else {
                diagnostics.append(Diagnostic(
                    "unknown interpolation \"${\(reference)}\": use ${env:NAME}, ${file:PATH} or ${var.NAME}, or write \"$${\" for a literal \"${\"",
                    at: location
                ))
            }
        }
        return Resolved(text: output, isSensitive: sensitive, secrets: pieces, missing: missing)
    }

    private static func secretInReference(_ interpolation: String) -> String {
        "a reference (app:, template:, an application slot, account: or id:) cannot use \(interpolation): references are "
            + "shown in plans and messages, so they never come from a secret; write the name, key or id itself"
    }

    /// Whether `text` holds a `${` at all; most strings do not, and this runs for every one.
    static func mayInterpolate(_ text: String) -> Bool {
        var text = text
        // Read through the string's own buffer: the UTF-8 view's iterator is several times slower,
        // and every string of a manifest set passes here.
        return text.withUTF8 { bytes in
            guard bytes.count > 1 else { return false }
            for index in 0..<(bytes.count - 1) where bytes[index] == UInt8(ascii: "$") && bytes[index + 1] == UInt8(ascii: "{") {
                return true
            }
            return false
        }
    }

    /// The mark of the Unicode scalar `offset` into the scalar's text, when the text stands in the
    /// source one to one (a single line, no escapes or folding); the scalar's own mark otherwise.
    static func place(inside scalar: Scalar, at mark: Mark, offset: Int) -> Mark {
        let quotes = scalar.style.isQuoted ? 2 : 0
        guard scalar.style == .plain || scalar.style.isQuoted,
              scalar.sourceWidth == scalar.text.unicodeScalars.count + quotes else { return mark }
        return mark.advanced(byColumns: quotes / 2 + offset)
    }
}

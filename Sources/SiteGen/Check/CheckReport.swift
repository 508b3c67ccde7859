import Foundation

/// Everything `sitegen check` found, in file order, and what it looked at.
package struct CheckReport: Sendable {
    package var diagnostics: [Diagnostic]
    package var sites: Int
    /// Rendered page × variant combinations.
    package var pages: Int

    package var errors: Int { diagnostics.filter { $0.severity == .error }.count }
    package var warnings: Int { diagnostics.filter { $0.severity == .warning }.count }

    /// `path:line:column: severity: message`, one per line, as compilers print them.
    package var text: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }

    /// One line for the end of the output.
    package var summary: String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "checked \(count(sites, "site")), \(count(pages, "rendered page")): "
            + "\(count(errors, "error")), \(count(warnings, "warning"))"
    }

    /// A JSON array of `{file, line, column, severity, message}` for editors and CI.
    package func json() throws -> String {
        struct Entry: Encodable {
            var file: String
            var line: Int
            var column: Int
            var severity: String
            var message: String
        }
        let entries = diagnostics.map {
            Entry(
                file: $0.location.file, line: $0.location.line, column: $0.location.column,
                severity: $0.severity.rawValue, message: $0.message)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(entries), as: UTF8.self)
    }
}

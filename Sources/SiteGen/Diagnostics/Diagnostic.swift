import Templates

/// One finding about the inputs, printed like a compiler: `path:line:column: severity: message`.
///
/// The build stops on the first errors it finds; `sitegen check` collects all of them and the
/// warnings too, so both speak this one type.
package struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    package enum Severity: String, Sendable, Hashable, Codable {
        case error, warning
    }

    package var severity: Severity
    package var location: SourceLocation
    package var message: String

    package init(_ severity: Severity = .error, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    /// A finding about a whole file rather than a position in it.
    package init(_ severity: Severity = .error, file: String, _ message: String) {
        self.init(severity, at: SourceLocation(file: file, line: 1, column: 1), message)
    }

    package var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// A build that cannot go on; carries every error found before stopping, most important first.
package struct BuildFailure: Error, Sendable, CustomStringConvertible {
    package var diagnostics: [Diagnostic]

    package init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    package init(_ diagnostic: Diagnostic) { self.diagnostics = [diagnostic] }

    package var description: String {
        diagnostics.map { "\($0.location): \($0.message)" }.joined(separator: "\n")
    }
}

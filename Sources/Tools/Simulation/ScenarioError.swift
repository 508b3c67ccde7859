import SiteGen

/// A problem in a scenario file, located as `path:line:column: message` (line and column are 1-based
/// and come from the YAML parser; a problem with the file as a whole has none).
package struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    package var path: String
    package var line: Int?
    package var column: Int?
    package var message: String

    package init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    package var description: String {
        guard let line, let column else { return "\(path): \(message)" }
        return "\(path):\(line):\(column): \(message)"
    }
}

extension ScenarioError {
    /// The first problem the located-YAML reader or the personalize check reported.
    init(_ failure: BuildFailure) {
        let first = failure.diagnostics.first
        self.init(
            path: first?.location.file ?? "", line: first?.location.line, column: first?.location.column,
            message: first?.message ?? "unreadable scenario")
    }
}

import Foundation

/// Why a `dist/` could not be loaded; carries the file it concerns so the log line is actionable.
package struct DeploymentError: Error, CustomStringConvertible, Sendable {
    package var file: String
    package var message: String

    package init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    package var description: String { "\(file): \(message)" }
}

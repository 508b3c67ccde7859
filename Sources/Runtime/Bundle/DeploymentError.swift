import Foundation

/// Why a `dist/` could not be loaded; carries the file it concerns so the log line is actionable.
public struct DeploymentError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

/// Why a template could not be parsed or rendered, and where.
///
/// Printed as `file:line:column: message` so editors and CI logs can jump to the spot. The
/// location is where the problem starts: an unclosed tag points at its opening delimiter, an
/// unclosed section at its opening tag, a failed interpolation at its tag.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }
}

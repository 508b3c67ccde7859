/// Why a template could not be parsed or rendered, and where.
///
/// Printed as `file:line:column: message` so editors and CI logs can jump to the spot. The
/// location is where the problem starts: an unclosed tag points at its opening delimiter, an
/// unclosed section at its opening tag, a failed interpolation at its tag.
package struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    package var location: SourceLocation
    package var message: String

    package init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    package var description: String { "\(location): \(message)" }
}

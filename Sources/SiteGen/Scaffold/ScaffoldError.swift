/// Why `sitegen new` wrote nothing. `path` is the folder or file concerned, as the user sees it.
package struct ScaffoldError: Error, Sendable, CustomStringConvertible {
    package var path: String
    package var message: String

    package init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    package var description: String { "\(path): \(message)" }
}

/// Why `sitegen new` wrote nothing. `path` is the folder or file concerned, as the user sees it.
public struct ScaffoldError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

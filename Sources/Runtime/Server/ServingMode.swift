import Foundation

/// Whether a server records what its visitors do. One value decides everything that differs
/// between `sitegen serve` and a development server, so no option can contradict another.
package enum ServingMode: Sendable {
    /// `sitegen serve`: decisions and conversions are written to the event database at this path,
    /// the models learn from them, and plain page requests take the fast paths.
    case recording(database: URL)
    /// A development server (`sitegen preview`): no database is opened and nothing is learned;
    /// decisions still come from the models so pages render as they would for real visitors.
    /// Every request goes through Hummingbird, where the extension answers first.
    case development(any ServerExtension)

    /// The database a recording server writes, nil in development.
    package var database: URL? {
        if case .recording(let database) = self { return database }
        return nil
    }

    package var isRecording: Bool { database != nil }

    var serverExtension: (any ServerExtension)? {
        if case .development(let serverExtension) = self { return serverExtension }
        return nil
    }
}

/// What can go wrong with the shared store, worded for an operator: each names where (host, port,
/// database: `PostgresURL.target`) and what, and none ever holds the password.
package enum SharedStoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The connection string cannot be read.
    case invalidURL(reason: String)
    /// Nothing answered there, or the connection broke.
    case unreachable(target: String, detail: String)
    /// The server refused the user name or password.
    case authenticationFailed(target: String, user: String, detail: String)
    /// The database was migrated by a newer sitegen.
    case schemaTooNew(target: String, found: Int, supported: Int)
    /// The server answered an operation with an error.
    case server(target: String, operation: String, message: String)
    /// A stored value is not what this sitegen wrote.
    case corrupt(target: String, detail: String)
    /// TLS was asked for (`?sslmode=`) and could not be set up: the server does not offer it, its
    /// certificate was not accepted, or the root certificate file cannot be read.
    case tls(target: String, detail: String)

    package var description: String {
        switch self {
        case .invalidURL(let reason):
            return "invalid --store connection string: \(reason)"
        case .unreachable(let target, let detail):
            return "cannot reach the shared store at \(target): \(detail)"
        case .authenticationFailed(let target, let user, let detail):
            return "the shared store at \(target) refused user '\(user)': \(detail) (check the password in --store "
                + "or SITEGEN_STORE)"
        case .schemaTooNew(let target, let found, let supported):
            return "the shared store at \(target) has schema version \(found), newer than this sitegen supports "
                + "(\(supported)); upgrade sitegen on this node"
        case .server(let target, let operation, let message):
            return "the shared store at \(target) failed to \(operation): \(message)"
        case .corrupt(let target, let detail):
            return "the shared store at \(target) holds an unexpected value: \(detail)"
        case .tls(let target, let detail):
            return "no TLS connection to the shared store at \(target): \(detail)"
        }
    }
}

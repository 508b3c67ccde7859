import NIOCore
import PostgresNIO

/// Turns what postgres-nio throws into a `SharedStoreError`. PostgreSQL's own messages ("password
/// authentication failed for user …", "database … does not exist") never hold the password, and
/// neither does anything taken from here.
enum PostgresErrors {
    static func describe(_ error: any Error, url: PostgresURL, operation: String) -> SharedStoreError {
        if let known = error as? SharedStoreError { return known }
        if let tooNew = error as? PostgresSchema.SchemaTooNew {
            return .schemaTooNew(target: url.target, found: tooNew.found, supported: tooNew.supported)
        }
        if let missing = error as? PostgresSchema.NoSchema {
            return .server(target: url.target, operation: operation, message: missing.description)
        }
        if let unreadable = error as? PostgresShipment.UnreadableRow {
            return .corrupt(target: url.target, detail: unreadable.detail)
        }
        if let deadline = error as? DeadlineExceeded {
            return .unreachable(target: url.target, detail: deadline.description)
        }
        if let transaction = error as? PostgresTransactionError {
            let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError
            if let inner { return describe(inner, url: url, operation: operation) }
        }
        guard let psql = error as? PSQLError else {
            return .unreachable(target: url.target, detail: "\(type(of: error))")
        }
        switch psql.code {
        case .server:
            let state = psql.serverInfo?[.sqlState] ?? ""
            let message = psql.serverInfo?[.message] ?? "unknown server error"
            // 28P01 invalid_password, 28000 invalid_authorization_specification.
            if state.hasPrefix("28") {
                return .authenticationFailed(target: url.target, user: url.user, detail: message)
            }
            return .server(target: url.target, operation: operation, message: "\(message) (SQLSTATE \(state))")
        case .connectionError:
            let detail = psql.underlying.map { String(describing: $0) } ?? "connection failed"
            return .unreachable(target: url.target, detail: detail)
        case .authMechanismRequiresPassword:
            return .authenticationFailed(
                target: url.target, user: url.user, detail: "the server asks for a password and none was given")
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return .unreachable(target: url.target, detail: "the connection was closed (\(psql.code))")
        default:
            return .server(target: url.target, operation: operation, message: psql.code.description)
        }
    }
}

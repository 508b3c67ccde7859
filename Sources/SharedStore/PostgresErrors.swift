import NIOCore
import NIOSSL
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
        if let tls = tlsProblem(error) { return .tls(target: url.target, detail: tls) }
        guard let psql = error as? PSQLError else {
            return .unreachable(target: url.target, detail: "\(type(of: error))")
        }
        if let underlying = psql.underlying, let tls = tlsProblem(underlying) {
            return .tls(target: url.target, detail: tls)
        }
        switch psql.code {
        case .sslUnsupported:
            return .tls(
                target: url.target,
                detail: "the server does not offer TLS, and the connection string asks for it (sslmode); "
                    + "turn on ssl in its postgresql.conf, or leave sslmode out")
        case .failedToAddSSLHandler:
            return .tls(target: url.target, detail: "TLS could not be set up on the connection")
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

    /// What went wrong with TLS, for an operator; nil when `error` is not about TLS.
    private static func tlsProblem(_ error: any Error) -> String? {
        if let extra = error as? NIOSSLExtraError {
            return "the server's certificate does not name the host connected to (sslmode=verify-full): \(extra)"
        }
        guard let ssl = error as? NIOSSLError else { return nil }
        switch ssl {
        case .failedToLoadCertificate, .noSuchFilesystemObject:
            return "the root certificate (sslrootcert) cannot be read as PEM"
        case .handshakeFailed(let reason):
            return "the TLS handshake failed; the server's certificate is not signed by the root certificate "
                + "(sslrootcert, or the system's roots without it), or is not valid now (\(reason))"
        default:
            return "TLS failed: \(ssl)"
        }
    }
}

import Foundation

/// Where the shared store is: `postgres://USER[:PASSWORD]@HOST[:PORT]/DB`, or with
/// `?host=/socket/dir` a Unix socket in that folder (HOST may then be empty); over TCP,
/// `?sslmode=` and `&sslrootcert=` ask for TLS as libpq does (`TLSMode`). `description` and
/// every error name the user, host, port and database, never the password.
package struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    package enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The socket file, `<dir>/.s.PGSQL.<port>`, as libpq names it.
        case socket(path: String)
    }

    /// Whether the connection is encrypted and what is checked, libpq's `sslmode` values.
    package enum TLSMode: Sendable, Equatable {
        /// Plain TCP (`disable`, and the default: the store is expected on a private network).
        case disable
        /// Encrypted when the server offers it, plain otherwise, the certificate not checked.
        case prefer
        /// Encrypted, or no connection; the certificate not checked (`require`).
        case require
        /// Encrypted, the server's certificate checked against `rootCertificate` (a PEM file;
        /// nil: the system's roots), and with `hostname` that it names the host connected to
        /// (`verify-ca`, `verify-full`; `require` with a root certificate is `verify-ca`, as in libpq).
        case verify(rootCertificate: String?, hostname: Bool)
    }

    package var user: String
    package var password: String?
    package var endpoint: Endpoint
    package var database: String
    package var tls: TLSMode

    package init(user: String, password: String?, endpoint: Endpoint, database: String, tls: TLSMode = .disable) {
        self.user = user
        self.password = password
        self.endpoint = endpoint
        self.database = database
        self.tls = tls
    }

    /// Parses the connection string. The error never repeats the text given, which may hold the
    /// password.
    package init(parsing text: String) throws(SharedStoreError) {
        func invalid(_ reason: String) -> SharedStoreError {
            .invalidURL(
                reason: reason
                    + " (expected postgres://USER[:PASSWORD]@HOST[:PORT]/DB, or ?host=/socket/dir, "
                    + "and ?sslmode=disable|prefer|require|verify-ca|verify-full&sslrootcert=/file.pem)")
        }
        var rest = Substring(text)
        guard let schemeEnd = rest.range(of: "://"),
            ["postgres", "postgresql"].contains(rest[..<schemeEnd.lowerBound].lowercased())
        else { throw invalid("it does not start with postgres://") }
        rest = rest[schemeEnd.upperBound...]
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        let authority: Substring
        var databaseText: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            databaseText = rest[rest.index(after: slash)...]
        } else {
            authority = rest
        }
        // The last @: a password may contain one (percent-encoding it is still the safe way).
        guard let at = authority.lastIndex(of: "@") else { throw invalid("no user name (USER@HOST)") }
        let userInfo = authority[..<at]
        let hostPort = authority[authority.index(after: at)...]
        let userText: Substring
        var passwordText: Substring?
        if let colon = userInfo.firstIndex(of: ":") {
            userText = userInfo[..<colon]
            passwordText = userInfo[userInfo.index(after: colon)...]
        } else {
            userText = userInfo
        }
        guard let user = Self.decode(userText), !user.isEmpty else { throw invalid("no user name (USER@HOST)") }
        guard let password = passwordText.map({ Self.decode($0) }) ?? .some(nil) else {
            throw invalid("the password is not valid percent-encoding")
        }
        var host = ""
        var port = 5432
        if hostPort.hasPrefix("[") {
            // IPv6: [::1]:5432
            guard let close = hostPort.firstIndex(of: "]") else { throw invalid("an IPv6 host lacks its ]") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let parsed = Int(after.dropFirst()) else {
                    throw invalid("the port is not a number")
                }
                port = parsed
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            guard let parsed = Int(hostPort[hostPort.index(after: colon)...]) else {
                throw invalid("the port is not a number")
            }
            port = parsed
        } else {
            host = String(hostPort)
        }
        guard (1...65535).contains(port) else { throw invalid("the port must be from 1 to 65535") }
        var socketFolder: String?
        var sslMode: String?
        var rootCertificate: String?
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let key = String(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            switch key {
            case "host":
                guard let value, value.hasPrefix("/") else { throw invalid("?host= must be a socket folder (/…)") }
                socketFolder = value
            case "sslmode":
                guard let value, ["disable", "prefer", "require", "verify-ca", "verify-full"].contains(value) else {
                    throw invalid("?sslmode= must be disable, prefer, require, verify-ca or verify-full")
                }
                sslMode = value
            case "sslrootcert":
                guard let value, !value.isEmpty else { throw invalid("?sslrootcert= needs a file") }
                rootCertificate = value
            default:
                throw invalid("unknown parameter '\(key)'")
            }
        }
        guard let database = Self.decode(databaseText), !database.isEmpty else {
            throw invalid("no database name (…/DB)")
        }
        self.user = user
        self.password = password
        self.database = database
        switch sslMode {
        case nil, "disable", "prefer":
            guard rootCertificate == nil else {
                throw invalid("?sslrootcert= without ?sslmode=verify-ca or verify-full")
            }
            tls = sslMode == "prefer" ? .prefer : .disable
        case "require":
            tls = rootCertificate == nil ? .require : .verify(rootCertificate: rootCertificate, hostname: false)
        case "verify-ca": tls = .verify(rootCertificate: rootCertificate, hostname: false)
        default: tls = .verify(rootCertificate: rootCertificate, hostname: true)
        }
        if socketFolder != nil, tls != .disable {
            throw invalid("?sslmode= is for TCP: a Unix socket is not encrypted")
        }
        if let socketFolder {
            endpoint = .socket(path: socketFolder + "/.s.PGSQL.\(port)")
        } else {
            guard !host.isEmpty else { throw invalid("no host (…@HOST/DB), and no ?host=/socket/dir") }
            endpoint = .tcp(host: host, port: port)
        }
    }

    /// Where it connects, without credentials: `host:port/db` or `socket-path/db`.
    package var target: String {
        switch endpoint {
        case .tcp(let host, let port):
            let shown = host.contains(":") ? "[\(host)]" : host
            return "\(shown):\(port)/\(database)"
        case .socket(let path): return "\(path)/\(database)"
        }
    }

    /// The connection string with the password replaced by `***`, and how it is encrypted.
    package var description: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(target)" + tlsDescription
    }

    private var tlsDescription: String {
        switch tls {
        case .disable: ""
        case .prefer: "?sslmode=prefer"
        case .require: "?sslmode=require"
        case .verify(let root, let hostname):
            "?sslmode=\(hostname ? "verify-full" : "verify-ca")" + (root.map { "&sslrootcert=\($0)" } ?? "")
        }
    }

    private static func decode(_ text: Substring) -> String? {
        String(text).removingPercentEncoding
    }
}

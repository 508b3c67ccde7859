import ArgumentParser
import Foundation
import Logging
import Runtime
import SharedStore

/// Where `sitegen keys` keeps the keys: `--db PATH` (one node's database), or `--store
/// postgres://…` (every node's, `SITEGEN_STORE` when neither flag is given), else the default
/// database. Each subcommand asks it, so the choice and its messages are made in one place.
struct KeyStoreOptions: ParsableArguments {
    static let defaultDatabase = "data/sitegen.sqlite"

    @Option(
        help: ArgumentHelp(
            "The event database `sitegen serve` uses (default: \(defaultDatabase), unless $SITEGEN_STORE is set).",
            valueName: "path"))
    var db: String?

    @Option(
        help: ArgumentHelp(
            "Keep the keys in the shared PostgreSQL store instead, for every node started with --store: "
                + "postgres://USER[:PASSWORD]@HOST[:PORT]/DB. Default: $SITEGEN_STORE when --db is not given.",
            valueName: "url"))
    var store: String?

    func validate() throws {
        if db != nil, store != nil { throw ValidationError("give --db or --store, not both") }
    }

    /// The place these options name.
    func place() throws -> KeyPlace {
        if let db { return .local(db) }
        if let url = try SharedStoreFlag.resolve(store) { return .shared(url) }
        return .local(Self.defaultDatabase)
    }
}

/// A store of API keys, as `sitegen keys` reaches it.
enum KeyPlace {
    case local(String)
    case shared(PostgresURL)

    /// The flag that names this place again, for the commands a message suggests (the password
    /// hidden: the operator types it, or leaves it in `SITEGEN_STORE`).
    var flag: String {
        switch self {
        case .local(let path): return "--db \(ShellWord.quoted(path))"
        case .shared(let url): return "--store \(ShellWord.quoted(url.description))"
        }
    }

    /// Where, for messages.
    var name: String {
        switch self {
        case .local(let path): return path
        case .shared(let url): return url.description
        }
    }

    /// Which servers take a change within 5 seconds.
    var servers: String {
        switch self {
        case .local: return "a running server"
        case .shared: return "every node started with --store"
        }
    }

    func create(name: String?, scopes: Set<APIScope>) async throws -> (key: APIKey, record: APIKeyRecord) {
        switch self {
        case .local(let path):
            return try APIKeyStore.create(database: path, name: name, scopes: scopes)
        case .shared(let url):
            let made = try APIKeyStore.newKey(name: name, scopes: scopes)
            try await PostgresSharedStore.createKey(made.record, at: url, logger: Self.logger)
            return made
        }
    }

    func list() async throws -> [APIKeyRecord] {
        switch self {
        case .local(let path): return try APIKeyStore.list(database: path)
        case .shared(let url): return try await PostgresSharedStore.listKeys(at: url, logger: Self.logger)
        }
    }

    func revoke(id: String) async throws -> APIKeyStore.Revocation {
        switch self {
        case .local(let path):
            return try APIKeyStore.revoke(database: path, id: id)
        case .shared(let url):
            guard let found = try await PostgresSharedStore.revokeKey(id: id, at: url, logger: Self.logger) else {
                throw APIKeyError.unknownKey(id: id, storeFlag: flag)
            }
            return found
        }
    }

    /// Quiet: the commands print what matters, and PostgreSQL's errors arrive as thrown errors.
    private static var logger: Logger {
        var logger = Logger(label: "sitegen.keys")
        logger.logLevel = .warning
        return logger
    }
}

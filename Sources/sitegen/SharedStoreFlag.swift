import ArgumentParser
import Foundation
import SharedStore

/// `--store postgres://…` or, when the flag is absent, `SITEGEN_STORE` (so the password need not
/// appear in a process list). Errors come from `PostgresURL`, which never repeats the password.
enum SharedStoreFlag {
    static let environmentKey = "SITEGEN_STORE"

    static let help = ArgumentHelp(
        "The shared PostgreSQL store all nodes ship their events to: postgres://USER[:PASSWORD]@HOST[:PORT]/DB "
            + "(or ?host=/socket/dir; ?sslmode=require, or verify-full&sslrootcert=FILE, for TLS). "
            + "Default: $SITEGEN_STORE; neither: this node keeps its events to itself.",
        valueName: "url")

    /// The store named by the flag or the environment; nil when neither names one.
    static func resolve(_ flag: String?) throws -> PostgresURL? {
        let text = flag ?? ProcessInfo.processInfo.environment[environmentKey].flatMap { $0.isEmpty ? nil : $0 }
        guard let text else { return nil }
        do {
            return try PostgresURL(parsing: text)
        } catch {
            throw ValidationError(error.description)
        }
    }
}

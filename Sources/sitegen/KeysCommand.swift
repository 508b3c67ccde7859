import ArgumentParser
import Foundation
import Runtime

/// `sitegen keys`: the API keys a `sitegen serve` on the same database accepts.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke the API keys that open /ml, /metrics and the reports.",
        discussion: """
            `sitegen serve` answers its API only to callers that present a key, as \
            `Authorization: Bearer <key>` or `X-Api-Key: <key>`. Pages, conversions (_convert, \
            _go), /healthz and /_sitegen/context stay public, and `sitegen preview` needs no key.

            Scopes (give one or more, with commas):
              decide   POST /ml/bandit/select and /ml/bandit/update
              read     GET /ml/models, /ml/models/<site>/metrics, /metrics,
                       /_sitegen/report/<site>; POST /ml/forecast/*, /ml/detect/anomalies
              admin    everything

            Keys live in the event database, hashed (SHA-256): a key is shown once, when it is \
            created, and cannot be shown again; lose it and create another. A running server \
            picks up new and revoked keys within 5 seconds; these commands are safe to run \
            beside it.

            Nodes started with `--store postgres://…` share one PostgreSQL and take their keys \
            from it, not from their own databases: give these commands the same `--store` (or \
            set SITEGEN_STORE), and a key made once works on every node, a key revoked stops \
            working on every node within 5 seconds.

            Examples:
              sitegen keys create --db data/sitegen.sqlite --scope decide --name checkout-server
              sitegen keys create --db data/sitegen.sqlite --scope read,decide
              sitegen keys list --db data/sitegen.sqlite
              sitegen keys revoke --db data/sitegen.sqlite 3f9c2a7b1d4e6f80
              sitegen keys create --store postgres://sitegen@db.internal/sitegen --scope read
            """,
        subcommands: [KeysCreateCommand.self, KeysListCommand.self, KeysRevokeCommand.self])
}

/// `sitegen keys create`: a new key, printed once.
struct KeysCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Make a new API key and print it, alone on the last line.",
        discussion: """
            The key is printed once and never stored: only its SHA-256 is. Copy it from the last \
            line of the output (`sitegen keys create … | tail -n 1`). The database is created if \
            it does not exist yet, so keys can be made before the first `sitegen serve`.

            Examples:
              sitegen keys create --scope decide --name checkout-server
              KEY=$(sitegen keys create --db data/sitegen.sqlite --scope read | tail -n 1)
              curl -H "Authorization: Bearer $KEY" http://127.0.0.1:8080/ml/models
            """)

    @OptionGroup var keyStore: KeyStoreOptions

    @Option(
        help: ArgumentHelp(
            "What the key opens: decide, read or admin; several with commas or by repeating the option.",
            valueName: "scope"))
    var scope: [String] = []

    @Option(help: ArgumentHelp("A label for `keys list`: who or what uses the key.", valueName: "name"))
    var name: String?

    func validate() throws {
        do {
            _ = try APIScope.parse(scope)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() async throws {
        let scopes = try APIScope.parse(scope)
        let place = try keyStore.place()
        let (key, record) = try await place.create(name: name, scopes: scopes)
        let named = record.name.map { " (\($0))" } ?? ""
        print("created key \(record.id)\(named) with scope \(APIScope.joined(record.scopes)) in \(place.name)")
        print("\(place.servers) accepts it within 5 seconds; send it as 'Authorization: Bearer <key>'")
        print(
            "it is shown only now (the store keeps a hash); revoke it with: sitegen keys revoke \(place.flag) \(record.id)"
        )
        print(key.text)
    }
}

/// `sitegen keys list`: every key, never the key text.
struct KeysListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the API keys: id, name, scopes, when created and revoked (never the keys themselves).",
        discussion: """
            Only reads: safe beside a running server. Times are UTC.

            Example:
              sitegen keys list --db data/sitegen.sqlite
            """)

    @OptionGroup var keyStore: KeyStoreOptions

    func run() async throws {
        let place = try keyStore.place()
        let keys = try await place.list()
        guard !keys.isEmpty else {
            print("no API keys in \(place.name); create one with: sitegen keys create \(place.flag) --scope read")
            return
        }
        let rows =
            [["id", "name", "scopes", "created", "revoked"]]
            + keys.map { key in
                [
                    key.id, key.name ?? "-", APIScope.joined(key.scopes), Self.format(key.createdAt),
                    key.revokedAt.map(Self.format) ?? "-",
                ]
            }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let padded = zip(row, widths).map { cell, width in
                cell + String(repeating: " ", count: width - cell.count)
            }
            print(padded.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
    }

    private static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

/// `sitegen keys revoke`: a key stops opening anything.
struct KeysRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke an API key by its id; running servers refuse it within 5 seconds.",
        discussion: """
            The id is the part after `sgk_` and before the next `_`, as `sitegen keys list` shows \
            it. The key's row stays (listed as revoked); revoking twice changes nothing.

            Example:
              sitegen keys revoke --db data/sitegen.sqlite 3f9c2a7b1d4e6f80
            """)

    @OptionGroup var keyStore: KeyStoreOptions

    @Argument(help: ArgumentHelp("The key's id (16 hex digits, from `sitegen keys list`).", valueName: "id"))
    var id: String

    func run() async throws {
        let place = try keyStore.place()
        switch try await place.revoke(id: id) {
        case .revoked(let key):
            print(
                "revoked key \(key.id)\(key.name.map { " (\($0))" } ?? ""); \(place.servers) refuses it within 5 seconds"
            )
        case .alreadyRevoked(let key):
            print("key \(key.id) was already revoked; nothing changed")
        }
    }
}

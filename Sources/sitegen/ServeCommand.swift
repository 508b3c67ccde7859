import ArgumentParser
import Foundation
import Logging
import Runtime
import SharedStore

/// `sitegen serve`: the personalization runtime over a built `dist/`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve dist/ to visitors, one variant each, and learn from their conversions.",
        discussion: """
            Loads dist/manifest.json and every file of every variant into memory, then answers:

              GET  /<site>/…                a page of the visitor's variant (the cookie
                                            sg_<site> keeps it; new visitors get the
                                            policy's choice for their context)
              GET  /<site>/?variant=<id>    preview one variant: nothing recorded
              POST /<site>/_convert         conversion beacon: {"goal":"reserve"}
              GET  /<site>/_go/<goal>?to=U  conversion, then redirect to a declared
                                            destination
              POST /ml/bandit/select        decide for a server-side caller
              POST /ml/bandit/update        report that caller's outcome
              POST /ml/forecast/scans       forecast a site's or a given series
              POST /ml/forecast/revenue     the same for revenue
              POST /ml/detect/anomalies     drops, spikes, silent hours
              GET  /ml/models, /ml/models/<site>/metrics, /metrics,
                   /_sitegen/report/<site>[.json]
              GET  /_sitegen/context, /healthz

            The /ml endpoints, /metrics and the reports need an API key (`sitegen keys \
            create --db <db> --scope decide|read|admin`), sent as `Authorization: Bearer <key>` \
            or `X-Api-Key: <key>`: decide opens select and update, read the models, metrics, \
            reports, forecasts and anomalies, admin everything. Without one they answer 401 \
            (the wrong scope 403). Keys made or revoked while the server runs take effect \
            within 5 seconds; at start it says how many there are. Pages, conversions, \
            /_sitegen/context and /healthz need none.

            Impressions and conversions go to the SQLite database given by --db (created if missing); \
            a conversion is answered only once committed. Models are restored from it at start. \
            One server per database: a second serve on the same --db is refused (it holds \
            <db>.lock while it runs); `sitegen stats` reads the database at any time.

            With --store postgres://USER[:PASSWORD]@HOST[:PORT]/DB (or SITEGEN_STORE), several nodes \
            share one PostgreSQL database: each keeps --db as its outbox and ships committed events \
            there within a second; cookies set by any node are honoured by all; a conversion for \
            another node's decision is accepted. See docs/deploy.md for what is shared so far.

            Signals: SIGHUP reloads dist/ without dropping requests (learning carries over for \
            variants that still exist; a broken dist is refused and the old one keeps serving). \
            SIGTERM or SIGINT stops accepting, flushes the events, snapshots the models and exits 0.

            Every 5 minutes each site's hourly scans are checked for anomalies (a drop, a spike, \
            hours without scans when traffic was expected; from 14 days of history on). What is \
            going on shows as sitegen_anomaly_active on /metrics; with --alert-webhook each one \
            that starts or ends is posted as JSON ({"event": "started"|"ended", "site", "kind", \
            "start", "expected", "actual", "summary", "at"}), retried with back-off.

            Retention: every 10 minutes, raw impressions older than --retention-days (90) and \
            their conversions are folded into per-day totals that `sitegen stats`, reports and \
            forecasts keep counting, then deleted; only what a model snapshot already covers is \
            folded. --max-db-size folds the oldest days early when the file holds more. An \
            impression takes about 300 bytes raw.

            Listens on 127.0.0.1 unless --host says otherwise. Put a TLS proxy in front for the \
            public internet and have it send X-Forwarded-Proto: https and X-Forwarded-For (from a \
            loopback peer, or one named by --trusted-proxy, its last entry is the visitor the \
            conversion rate limit counts).
            """)

    @Option(help: ArgumentHelp("The folder `sitegen build` wrote.", valueName: "dir"))
    var dist = "dist"

    @Option(help: ArgumentHelp("The event database (SQLite, WAL).", valueName: "path"))
    var db = "data/sitegen.sqlite"

    @Option(
        help: ArgumentHelp("Address to listen on; 0.0.0.0 exposes the server to the network.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("Port to listen on (0 picks a free one and logs it).", valueName: "n"))
    var port = 8080

    @Option(
        help: ArgumentHelp(
            "Post a JSON message to this URL when a site's scans drop, spike or stop, and when that ends.",
            valueName: "url"))
    var alertWebhook: String?

    @Option(
        help: ArgumentHelp(
            "Keep raw events this many days; older ones are folded into daily totals (0 keeps them all).",
            valueName: "days"))
    var retentionDays = 90

    @Option(
        help: ArgumentHelp(
            "Fold the oldest days early when the database holds more than this (e.g. 500MB, 2GB).",
            valueName: "size"))
    var maxDbSize: String?

    @Option(
        help: ArgumentHelp(
            "Close a connection whose request head is not whole this many seconds after its first byte (0: never).",
            valueName: "seconds"))
    var headerTimeout = 10

    @Option(
        help: ArgumentHelp(
            "Close a connection whose request body is not whole this many seconds after its head (0: never).",
            valueName: "seconds"))
    var bodyTimeout = 30

    @Option(
        help: ArgumentHelp(
            "Connections one peer address may hold open; more are answered 503 (0: no limit). Behind a proxy on the "
                + "same host, the proxy is the one peer.",
            valueName: "n"))
    var maxConnectionsPerClient = 64

    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "A load balancer's address (repeatable): from it, as from loopback, the last X-Forwarded-For element "
                + "is the visitor the per-client limits count.",
            valueName: "address"))
    var trustedProxies: [String] = []

    @Option(help: SharedStoreFlag.help)
    var store: String?

    @Option(
        help: ArgumentHelp(
            "This node's name in the shared store's rows (default: the host name).", valueName: "name"))
    var node: String?

    func validate() throws {
        _ = try SharedStoreFlag.resolve(store)
        // Upper bounds too: a day of waiting or a century of retention is already more than any
        // use, and larger numbers would overflow the clock arithmetic they feed.
        for (flag, value, most) in [
            ("--header-timeout", headerTimeout, 86_400), ("--body-timeout", bodyTimeout, 86_400),
            ("--max-connections-per-client", maxConnectionsPerClient, 1_000_000),
            ("--retention-days", retentionDays, 36_500),
        ] where !(0...most).contains(value) {
            throw ValidationError("\(flag) must be from 0 (off) to \(most), not \(value)")
        }
        for proxy in trustedProxies where !IPAddressText.isLiteral(proxy) {
            throw ValidationError("--trusted-proxy '\(proxy)': give the proxy's IP address, such as 10.0.0.10")
        }
        if let maxDbSize, RetentionPolicy.parseSize(maxDbSize) == nil {
            throw ValidationError(
                "--max-db-size '\(maxDbSize)': give a size such as 500MB, 2GB or 750000000 (bytes)")
        }
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535, not \(port)")
        }
        if let alertWebhook {
            guard let url = URL(string: alertWebhook), ["http", "https"].contains(url.scheme?.lowercased()),
                url.host?.isEmpty == false
            else {
                throw ValidationError("--alert-webhook '\(alertWebhook)': give an http:// or https:// URL")
            }
        }
        let manifest = URL(fileURLWithPath: dist).appendingPathComponent("manifest.json")
        guard FileManager.default.fileExists(atPath: manifest.path) else {
            throw ValidationError("\(manifest.path) does not exist: run `sitegen build --out \(dist)` first")
        }
    }

    func run() async throws {
        var shared: PostgresSharedStore?
        if let url = try SharedStoreFlag.resolve(store) {
            let logger = Logger(label: "sitegen.shared-store")
            // Connects, migrates under the advisory lock and reads the shared cookie secret; a wrong
            // password, an unreachable host or a newer schema ends the start here, non-zero.
            shared = try await PostgresSharedStore.open(url, logger: logger)
            logger.info("shared store \(url) (schema ready); this node ships its events there")
        }
        var options = ServerOptions(
            dist: URL(fileURLWithPath: dist), mode: .recording(database: URL(fileURLWithPath: db)), host: host,
            port: port, alertWebhook: alertWebhook,
            retention: RetentionPolicy(
                maxAge: retentionDays == 0 ? nil : Double(retentionDays) * 86_400,
                maxBytes: maxDbSize.flatMap(RetentionPolicy.parseSize)),
            headTimeout: headerTimeout > 0 ? .seconds(headerTimeout) : nil,
            bodyTimeout: bodyTimeout > 0 ? .seconds(bodyTimeout) : nil,
            maxConnectionsPerClient: maxConnectionsPerClient > 0 ? maxConnectionsPerClient : nil,
            trustedProxies: Set(trustedProxies.map(IPAddressText.canonical)))
        options.sharedStore = shared
        if let node { options.node = node }
        do {
            try await SitegenServer.run(options: options)
        } catch let error as DeploymentError {
            await shared?.close()
            throw ValidationError("cannot serve: \(error)")
        } catch {
            await shared?.close()
            throw error
        }
        await shared?.close()
    }
}

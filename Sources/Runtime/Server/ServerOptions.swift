import Foundation
import Hummingbird

/// Everything that shapes one server: where the bytes and events live, where it listens, and
/// what it does with visitors. `sitegen serve` uses the defaults; `sitegen preview` turns off
/// recording and adds its own routes and page filter.
public struct ServerOptions: Sendable {
    public var dist: URL
    public var database: URL
    public var host: String
    public var port: Int
    /// When false nothing is written to the store and no policy learns: decisions are still made
    /// (from the restored models) so pages render as they would for real visitors.
    public var recording: Bool
    public var conversionRateLimit: RateLimit
    /// A snapshot of each site's model is written after this many seconds…
    public var snapshotInterval: Duration
    /// …or after this many learned events, whichever comes first, and always at shutdown.
    public var snapshotEveryEvents: Int
    /// Largest request body accepted (conversion beacons and API calls are tiny).
    public var maxBodyBytes: Int
    /// Rewrites pages once at load time (the preview server injects its scripts here).
    public var pageFilter: PageFilter?
    /// Consulted before the built-in routes; answering nil falls through to them.
    public var extraRoutes: (@Sendable (Request, RuntimeRequestContext) async throws -> Response?)?
    /// Reload `dist/` on SIGHUP.
    public var reloadOnHangup: Bool
    /// A connection that sends nothing for this long is closed: idle keep-alives, and clients that
    /// stop halfway through a request (which would otherwise hold a connection forever). Nil for
    /// servers with long-lived responses (the preview's event stream).
    public var readIdleTimeout: Duration?

    public init(
        dist: URL,
        database: URL,
        host: String = "127.0.0.1",
        port: Int = 8080,
        recording: Bool = true,
        conversionRateLimit: RateLimit = .conversions,
        snapshotInterval: Duration = .seconds(30),
        snapshotEveryEvents: Int = 1_000,
        maxBodyBytes: Int = 64 * 1024,
        pageFilter: PageFilter? = nil,
        extraRoutes: (@Sendable (Request, RuntimeRequestContext) async throws -> Response?)? = nil,
        reloadOnHangup: Bool = true,
        readIdleTimeout: Duration? = .seconds(30)
    ) {
        self.dist = dist
        self.database = database
        self.host = host
        self.port = port
        self.recording = recording
        self.conversionRateLimit = conversionRateLimit
        self.snapshotInterval = snapshotInterval
        self.snapshotEveryEvents = snapshotEveryEvents
        self.maxBodyBytes = maxBodyBytes
        self.pageFilter = pageFilter
        self.extraRoutes = extraRoutes
        self.reloadOnHangup = reloadOnHangup
        self.readIdleTimeout = readIdleTimeout
    }
}

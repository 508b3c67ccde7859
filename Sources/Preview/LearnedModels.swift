import DistFormat
import Foundation
import Personalize
import Runtime
import SiteGen
import Synchronization

/// What production learned, read from its event database without writing to it (`--db`), so the
/// preview bar shows the odds live visitors get rather than an untrained policy's even split.
///
/// Each site's bandit is rebuilt like at server start (latest snapshot, then the events after it)
/// for the variants and settings of the build being previewed; a site the database knows nothing
/// about, or whose learning does not fit the edited config, falls back to the untrained model.
final class LearnedModels: Sendable {
    let database: URL
    private let cache = Mutex<[String: (inputHash: String, bandit: Bandit?)]>([:])

    init(database: URL) {
        self.database = database
    }

    /// The learned bandit for this build of the site, nil when there is none that fits.
    func bandit(for site: SiteManifest) -> Bandit? {
        if let hit = cache.withLock({ $0[site.id] }), hit.inputHash == site.inputHash { return hit.bandit }
        let bandit = try? Self.restore(site, from: database)
        cache.withLock { $0[site.id] = (site.inputHash, bandit) }
        return bandit
    }

    private static func restore(_ site: SiteManifest, from database: URL) throws -> Bandit? {
        let connection = try ReadConnection.openExisting(path: database.path)
        defer { connection.close() }
        let restored = try ModelRestore.restore(site: site, from: connection)
        return restored.hasHistory ? restored.bandit : nil
    }
}

import Logging
import Personalize
import SiteGen

/// Rebuilds a site's model at startup: the latest snapshot, then every learnable event after it,
/// so nothing learned before a restart (or a crash) is lost.
enum ModelRestore {
    static func restore(site: SiteManifest, store: EventStore?, logger: Logger) throws -> SiteModel {
        let variants = site.variants.map(\.id)
        let config = site.personalize
        var bandit: Bandit
        do {
            bandit = try Bandit(variants: variants, config: config)
        } catch {
            throw DeploymentError(file: "manifest.json", "site '\(site.id)': \(error)")
        }
        var snapshot: Snapshot?
        if let store, let latest = try store.latestSnapshot(site: site.id) {
            do {
                bandit = try Bandit(serialized: latest.state, variants: variants, config: config)
                snapshot = latest
            } catch {
                // A snapshot we cannot read is not fatal: the events are all still there.
                logger.error("site \(site.id): ignoring unreadable model snapshot (\(error)); replaying every event")
            }
        }
        let model = SiteModel(site: site.id, bandit: bandit, config: config, store: store)
        if let store {
            var replayed = 0
            try store.replay(site: site.id, after: snapshot) { event in
                model.replay(event)
                replayed += 1
            }
            logger.info(
                "site \(site.id): model restored (snapshot: \(snapshot != nil ? "yes" : "no"), events replayed: \(replayed))"
            )
        }
        return model
    }
}

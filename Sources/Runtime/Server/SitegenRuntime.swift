import DistFormat
import Foundation
import Logging
import Personalize
import Synchronization

/// The serving state shared by every request: the live deployment and models, the event store,
/// the cookie signer, counters and the conversion rate limiter.
package final class SitegenRuntime: Sendable {
    package let options: ServerOptions
    package let store: EventStore?
    let signer: CookieSigner
    /// Signs the `sg_click` tokens of redirects to other sites, with a key derived from the same secret.
    let clickSigner: ClickSigner
    package let metrics = RuntimeMetrics()
    /// What anomalies are going on now (`AlertService` keeps it current).
    package let anomalyWatch = AnomalyWatch()
    /// How far this node's events have reached the shared store (idle without `--store`).
    package let shipperStatus = ShipperStatus()
    /// How far other nodes' events have been learned here (idle without `--store`).
    package let pullerStatus = PullerStatus()
    /// Held while a decision from another node is checked for and recorded, so the puller and a
    /// conversion's lookup never both import (and learn) the same one.
    let foreignImports = Mutex(())
    let rateLimiter: RateLimiter
    /// Who may call the API: nil in development (`sitegen preview`), where everything is open.
    let apiGate: APIGate?
    let logger: Logger
    private let state: Mutex<LiveState>
    /// Counts the swaps of `state`, so a connection can keep the state it read until the next one
    /// (`LiveStateCache`) instead of taking the lock per request.
    let liveGeneration = Atomic<Int>(0)
    /// The last reload asked for: each one runs after the one before it, so a second SIGHUP
    /// during a reload waits its turn instead of racing it.
    private let lastReload = Mutex<Task<Bool, Never>?>(nil)
    /// The store health last logged (`logStoreHealthChange`).
    private let loggedStoreHealth = Mutex<StoreHealth>(.writing)

    /// Loads `dist/`, opens the store and restores every site's model. Throws if the dist or the
    /// database cannot be used: there is nothing sensible to serve then.
    package init(options: ServerOptions, logger: Logger, clock: (@Sendable () -> Double)? = nil) throws {
        self.options = options
        self.logger = logger
        let deployment = try Deployment.load(dist: options.dist, rewritingPagesWith: options.mode.serverExtension)
        let store: EventStore?
        let secret: [UInt8]
        if let database = options.mode.database {
            let opened = try EventStore(path: database.path)
            store = opened
            // With a shared store every node signs with its secret, so any node honours a
            // cookie any other node set; the local one then only serves a node without `--store`.
            secret = options.sharedStore?.cookieSecret ?? opened.secret()
        } else {
            store = nil
            // Nothing persists in preview, so a per-process key is enough.
            var generator = SystemRandomNumberGenerator()
            secret = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        }
        self.store = store
        self.apiGate = try options.mode.database.map { database throws(StoreError) in
            // With a shared store the keys are every node's, from PostgreSQL; the local
            // `api_keys` is then unused, as the local cookie secret is.
            let keys: KeyRing
            if let shared = options.sharedStore {
                keys = KeyRing(shared: shared.apiKeysAtStart)
            } else {
                keys = try KeyRing(database: database.path)
            }
            return APIGate(keys: keys, failureLimit: options.authFailureRateLimit, clock: clock)
        }
        self.signer = CookieSigner(secret: secret)
        self.clickSigner = ClickSigner(secret: secret)
        if let clock {
            self.rateLimiter = RateLimiter(limit: options.conversionRateLimit, clock: clock)
        } else {
            self.rateLimiter = RateLimiter(limit: options.conversionRateLimit)
        }
        var models: [String: SiteModel] = [:]
        for site in deployment.manifest.sites {
            models[site.id] = try Self.restoreModel(site, store: store, logger: logger)
        }
        self.state = Mutex(LiveState(deployment: deployment, models: models))
        for site in deployment.manifest.sites { store?.recordLayout(SiteLayout(site), site: site.id) }
        logger.info("loaded build \(deployment.manifest.buildID): \(deployment.siteIDs.joined(separator: ", "))")
    }

    package var live: LiveState { state.withLock { $0 } }

    /// A site's model as it was learned before this process: snapshot plus the events after it.
    private static func restoreModel(_ site: SiteManifest, store: EventStore?, logger: Logger) throws -> SiteModel {
        let restored = try ModelRestore.restore(site: site, from: store)
        if let problem = restored.unreadableSnapshot {
            logger.error("site \(site.id): ignoring unreadable model snapshot (\(problem)); replaying every event")
        }
        if store != nil {
            logger.info(
                "site \(site.id): model restored (snapshot: \(restored.snapshot != nil ? "yes" : "no"), events replayed: \(restored.replayedEvents))"
            )
        }
        return SiteModel(
            site: site.id, bandit: restored.bandit, config: site.personalize, store: store,
            rewardCaps: RewardCaps(goals: site.goals))
    }

    /// Loads `dist/` again and swaps it in; learning carries over for variants that still exist.
    /// A broken dist is logged and the old one keeps serving. Returns whether it swapped.
    @discardableResult
    package func reload() async -> Bool {
        let turn = lastReload.withLock { last in
            let previous = last
            let next = Task {
                _ = await previous?.value
                return await self.reloadNow()
            }
            last = next
            return next
        }
        return await turn.value
    }

    private func reloadNow() async -> Bool {
        let next: Deployment
        do {
            next = try Deployment.load(dist: options.dist, rewritingPagesWith: options.mode.serverExtension)
        } catch {
            metrics.failedReloads.increment()
            logger.error("reload refused, still serving build \(live.deployment.manifest.buildID): \(error)")
            return false
        }
        let current = live
        var models: [String: SiteModel] = [:]
        var carried: [(old: SiteModel, site: SiteManifest, check: Bandit)] = []
        do {
            // First without stopping anything: a config the old learning cannot move into
            // refuses the reload while the old models keep learning.
            for site in next.manifest.sites {
                if let old = current.models[site.id] {
                    let check = try old.bandit.carriedOver(to: site.variants.map(\.id), config: site.personalize)
                    carried.append((old, site, check))
                } else {
                    models[site.id] = try Self.restoreModel(site, store: store, logger: logger)
                }
            }
        } catch {
            metrics.failedReloads.increment()
            logger.error("reload refused, still serving build \(current.deployment.manifest.buildID): \(error)")
            return false
        }
        var handedOver: [(SiteModel, SiteModel)] = []
        for (old, site, check) in carried {
            // Frozen from here to `retire`: nothing learned in between is lost, it is deferred.
            let learned = await old.beginHandover()
            let bandit = (try? learned.carriedOver(to: site.variants.map(\.id), config: site.personalize)) ?? check
            let model = SiteModel(
                site: site.id, bandit: bandit, config: site.personalize, store: store,
                rewardCaps: RewardCaps(goals: site.goals))
            models[site.id] = model
            handedOver.append((old, model))
        }
        state.withLock { $0 = LiveState(deployment: next, models: models) }
        for site in next.manifest.sites { store?.recordLayout(SiteLayout(site), site: site.id) }
        liveGeneration.add(1, ordering: .releasing)
        for (old, new) in handedOver { old.retire(to: new) }
        metrics.reloads.increment()
        logger.info("reloaded: build \(next.manifest.buildID), sites \(next.siteIDs.joined(separator: ", "))")
        return true
    }

    /// A decision by id from the moment its answer left the server, wherever it is then: waiting
    /// out a snapshot in its model, buffered or being written by the store, or committed.
    func decision(id: String, site: String) async throws(StoreError) -> DecisionRecord? {
        if let found = try await live.models[site]?.decision(id: id) { return found }
        // During a reload the old model keeps what it decided in its handover in `deferred`
        // until the new models are live and it retires; once the reload is done those are in
        // the store.
        _ = await lastReload.withLock { $0 }?.value
        if let found = try await live.models[site]?.decision(id: id) { return found }
        // Another node's decision (one visitor, any node): copied here when the shared store has it.
        return try await importSharedDecision(id: id, site: site)
    }

    /// Writes a snapshot of every site whose model learned something since the last one.
    package func snapshotAll(force: Bool = false) async {
        await snapshot(live.models.values.filter { force || $0.eventsSinceSnapshot > 0 })
    }

    /// Saves these models' snapshots. A failure is logged and the model stays due, so the next
    /// tick retries it.
    func snapshot(_ models: [SiteModel]) async {
        for model in models {
            do {
                try await model.saveSnapshot()
                metrics.snapshots.increment()
            } catch {
                logger.error("site \(model.site): snapshot failed: \(error)")
            }
        }
    }

    /// Sites whose model learned at least `options.snapshotEveryEvents` since their last snapshot.
    func sitesDueForSnapshot() -> [SiteModel] {
        live.models.values.filter { $0.eventsSinceSnapshot >= options.snapshotEveryEvents }
    }

    /// Logs when the store starts failing, recovers or loses its file: a fault is in the log when
    /// it starts and when it ends, not only in `/healthz` for whoever looks.
    func logStoreHealthChange() {
        guard let health = store?.health else { return }
        let previous = loggedStoreHealth.withLock { logged in
            defer { logged = health }
            return logged
        }
        guard previous.name != health.name else { return }
        if let problem = health.problem {
            logger.error("event store \(health.name): \(problem)")
        } else {
            logger.info("event store writing again")
        }
    }

    /// The SIGTERM/SIGINT path: everything buffered committed, every model snapshotted, file
    /// closed. Throws when buffered events could not be committed, so the process exits non-zero.
    package func shutdown() async throws(StoreError) {
        guard let store else { return }
        var failure: StoreError?
        do {
            try await store.flush()
        } catch {
            logger.error("flushing events at shutdown failed: \(error)")
            failure = error
        }
        await snapshotAll()
        // The key reader's connection too, so the file is wholly closed (WAL checkpointed and
        // removed) once the store is.
        apiGate?.keys.close()
        do {
            try await store.close()
        } catch {
            logger.error("closing the event store failed: \(error)")
            failure = failure ?? error
        }
        if let failure {
            logger.error("events lost at shutdown: \(store.droppedDecisions) impressions were not stored")
            throw failure
        }
        logger.info("event store flushed and closed")
    }
}

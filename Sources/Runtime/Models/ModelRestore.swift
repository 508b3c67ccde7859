import DistFormat
import Personalize

/// The one way back to a learned bandit, for the server at start and for the preview's learned
/// odds alike: the latest snapshot, then every learnable event after it, so nothing learned
/// before a restart (or a crash) is lost.
package enum ModelRestore {
    package struct Restored {
        package var bandit: Bandit
        /// The snapshot the bandit started from, nil when it replayed every event.
        package var snapshot: Snapshot?
        /// Why the latest snapshot was not used, when there was one that could not be read.
        package var unreadableSnapshot: PersonalizeError?
        package var replayedEvents: Int

        /// Whether anything at all was learned before.
        package var hasHistory: Bool { snapshot != nil || replayedEvents > 0 }
    }

    /// Restores `site`'s bandit for its current variants and settings from `history` (untrained
    /// when nil). A snapshot that cannot be read is not fatal: the events are all still there.
    package static func restore(site: SiteManifest, from history: (any EventHistory)?) throws -> Restored {
        let variants = site.variants.map(\.id)
        let config = site.personalize
        var bandit: Bandit
        do {
            bandit = try Bandit(variants: variants, config: config)
        } catch {
            throw DeploymentError(file: "manifest.json", "site '\(site.id)': \(error)")
        }
        guard let history else {
            return Restored(bandit: bandit, snapshot: nil, unreadableSnapshot: nil, replayedEvents: 0)
        }
        var snapshot: Snapshot?
        var unreadable: PersonalizeError?
        if let latest = try history.latestSnapshot(site: site.id) {
            do {
                bandit = try Bandit(serialized: latest.state, variants: variants, config: config)
                snapshot = latest
            } catch {
                unreadable = error
            }
        }
        var replayed = 0
        let caps = RewardCaps(goals: site.goals)
        try history.replay(site: site.id, after: snapshot) { event in
            bandit.learn(event, caps: caps)
            replayed += 1
        }
        return Restored(bandit: bandit, snapshot: snapshot, unreadableSnapshot: unreadable, replayedEvents: replayed)
    }
}

/// Where learned state is read back from: the server's own store, or a read-only connection to a
/// production database (the preview).
package protocol EventHistory {
    func latestSnapshot(site: String) throws(StoreError) -> Snapshot?
    func replay(site: String, after snapshot: Snapshot?, _ body: (ReplayEvent) throws -> Void) throws
}

extension EventStore: EventHistory {}
extension ReadConnection: EventHistory {}

extension Bandit {
    /// Learns one stored event as it was learned live, its reward capped by the same rule
    /// (`SiteModel.convert`). A stored event that no longer fits (a variant since removed) is
    /// skipped: it taught the old model, not this one.
    package mutating func learn(_ event: ReplayEvent, caps: RewardCaps) {
        switch event {
        case .decision(let record):
            try? recordImpression(variant: record.variant, features: record.features)
        case .conversion(let conversion, let decision):
            try? recordReward(
                variant: decision.variant, features: decision.features,
                reward: caps.learned(conversion.value, goal: conversion.goal))
        }
    }
}

import Foundation
import Personalize
import Synchronization

/// One site's policy with everything that mutates it behind one lock.
///
/// Snapshots must match the store's event marks exactly, or a restart would count an event twice
/// or not at all. So a learnable impression is recorded in the store and taught to the bandit in
/// one critical section, and while a snapshot is being saved the site is "frozen": impressions are
/// still served but their recording and learning wait in `deferred` until the store has taken its
/// marks, and conversions wait to start until the snapshot is done.
package final class SiteModel: Sendable {
    package let site: String
    package let config: PersonalizeConfig
    /// Nil when not recording (preview): decisions are made, nothing is written or learned.
    private let store: EventStore?

    private struct Deferred {
        var record: DecisionRecord
    }

    private struct State {
        var bandit: Bandit
        var rng: SeededGenerator
        var eventsSinceSnapshot = 0
        /// A snapshot is being saved, or learning is being handed to a redeployed successor:
        /// either way new events wait in `deferred`. Two flags, so that a snapshot finishing
        /// during a handover cannot end the handover's freeze.
        var snapshotting = false
        var handingOver = false
        var frozen: Bool { snapshotting || handingOver }
        var deferred: [Deferred] = []
        var conversionsInFlight = 0
        /// Set when a redeploy replaced this model: late callers are forwarded to the successor.
        var successor: SiteModel?
    }

    private let state: Mutex<State>
    /// Complete readings of contexts seen before: hashing the context, outside the lock, is
    /// cheaper than reading the features again inside it. This model's bandit only ever
    /// numbers new values, so a complete reading stays right.
    private let readings = BoundedCache<Context, SlotReading>(capacity: 4096)

    init(site: String, bandit: Bandit, config: PersonalizeConfig, store: EventStore?) {
        self.site = site
        self.config = config
        self.store = store
        var seedSource = SystemRandomNumberGenerator()
        self.state = Mutex(State(bandit: bandit, rng: SeededGenerator(seed: seedSource.next())))
    }

    package var variants: [String] { state.withLock { $0.bandit.variants } }

    /// Picks a variant for these features (no recording).
    package func choose(_ features: [String: String]) -> Decision {
        state.withLock { $0.bandit.decide(features, using: &$0.rng) }
    }

    /// Picks a variant and, when recording, stores the impression as a decision; when `learn` the
    /// bandit counts it too, atomically with the store call (see the type's comment).
    /// `context`, when given, is what `features` were made from; it lets the reading be reused.
    func decide(
        _ features: [String: String], context: Context? = nil, learn: Bool,
        makeRecord: (Decision) -> DecisionRecord
    ) -> Decision {
        guard let store else { return choose(features) }
        if !learn {
            let decision = choose(features)
            store.recordDecision(makeRecord(decision))
            return decision
        }
        let known = context.flatMap { readings.cachedValue(for: $0) }
        let (decision, reading) = state.withLock { state in
            let reading = known ?? state.bandit.reading(features)
            let decision = state.bandit.decide(reading, using: &state.rng)
            Self.recordAndLearn(
                makeRecord(decision), state: &state, store: store, readAs: (reading, decision.variantIndex))
            return (decision, reading)
        }
        if known == nil, let context, reading.isComplete { readings.insert(reading, for: context) }
        return decision
    }

    /// Records a decision the policy did not make (pinned placements, never learned from) or one
    /// it did, keeping the learn/record pairing of `decide`.
    func record(_ record: DecisionRecord) {
        guard let store else { return }
        guard record.learn else {
            store.recordDecision(record)
            return
        }
        state.withLock { Self.recordAndLearn(record, state: &$0, store: store) }
    }

    /// `readAs`: the record's features as this bandit read them when deciding, and the chosen
    /// variant's index, so learning need not read them again.
    private static func recordAndLearn(
        _ record: DecisionRecord, state: inout State, store: EventStore,
        readAs reading: (SlotReading, variantIndex: Int)? = nil
    ) {
        if let successor = state.successor {
            successor.record(record)
            return
        }
        if state.frozen {
            state.deferred.append(Deferred(record: record))
            return
        }
        store.recordDecision(record)
        // The variant came from this site's variant list; a failure here means it was removed
        // by a redeploy between choosing and learning, and then there is nothing to learn into.
        if let (reading, index) = reading {
            try? state.bandit.recordImpression(variantIndex: index, reading: reading)
        } else {
            try? state.bandit.recordImpression(variant: record.variant, features: record.features)
        }
        state.eventsSinceSnapshot += 1
    }

    /// Commits a conversion and, if its decision is learnable, teaches the reward before the next
    /// snapshot can be taken.
    func convert(_ conversion: ConversionRecord) async throws(StoreError) -> ConversionResult {
        guard let store else { return .unknownDecision }
        while true {
            let admitted = state.withLock { state -> (Bool, SiteModel?) in
                if let successor = state.successor { return (false, successor) }
                guard !state.frozen else { return (false, nil) }
                state.conversionsInFlight += 1
                return (true, nil)
            }
            if let successor = admitted.1 { return try await successor.convert(conversion) }
            if admitted.0 { break }
            // A snapshot is being committed (milliseconds); wait for it rather than race it.
            try? await Task.sleep(for: .milliseconds(1))
        }
        let result: ConversionResult
        do {
            result = try await store.recordConversion(conversion)
        } catch {
            state.withLock { $0.conversionsInFlight -= 1 }
            throw error
        }
        let forward = state.withLock { state -> SiteModel? in
            state.conversionsInFlight -= 1
            return state.successor
        }
        if let forward, case .recorded(let decision) = result, decision.learn {
            forward.learnReward(decision: decision, value: conversion.value)
            return result
        }
        state.withLock { state in
            if case .recorded(let decision) = result, decision.learn {
                try? state.bandit.recordReward(
                    variant: decision.variant, features: decision.features, reward: conversion.value)
                state.eventsSinceSnapshot += 1
            }
        }
        return result
    }

    private func learnReward(decision: DecisionRecord, value: Double) {
        state.withLock { state in
            try? state.bandit.recordReward(variant: decision.variant, features: decision.features, reward: value)
            state.eventsSinceSnapshot += 1
        }
    }

    /// Stops learning here for a redeploy and returns what was learned, once no conversion is
    /// between commit and learning. Follow with `retire(to:)`.
    func beginHandover() async -> Bandit {
        state.withLock { $0.handingOver = true }
        while state.withLock({ $0.conversionsInFlight }) > 0 {
            try? await Task.sleep(for: .milliseconds(1))
        }
        return bandit
    }

    /// Sends everything that arrived during the handover, and everything later, to `successor`.
    func retire(to successor: SiteModel) {
        // Inside this lock so a conversion waiting here cannot reach the successor before the
        // decision it joins (the successor never takes this lock, so no ordering cycle).
        state.withLock { state in
            state.successor = successor
            for item in state.deferred { successor.record(item.record) }
            state.deferred = []
        }
    }

    /// Applies an event from the store's replay at startup.
    package func report() -> [VariantReport] {
        state.withLock { $0.bandit.report() }
    }

    func probabilities(_ features: [String: String]) -> [Double] {
        state.withLock { $0.bandit.probabilities(features) }
    }

    var eventsSinceSnapshot: Int { state.withLock { $0.eventsSinceSnapshot } }

    /// A copy of the bandit, for carrying learning over to a redeployed site.
    package var bandit: Bandit { state.withLock { $0.bandit } }

    /// Saves the model with marks that cover exactly what it has learned (see the type's comment).
    func saveSnapshot() async throws(StoreError) {
        guard let store else { return }
        // A model being handed over or already retired is its successor's to snapshot.
        let owned = state.withLock { state -> Bool in
            guard state.successor == nil, !state.frozen else { return false }
            state.snapshotting = true
            return true
        }
        guard owned else { return }
        while state.withLock({ $0.conversionsInFlight }) > 0 {
            try? await Task.sleep(for: .milliseconds(1))
        }
        // The count is settled only once the save succeeded: a failed snapshot leaves the site
        // due, so the next tick tries again.
        let (bytes, covered) = state.withLock { ($0.bandit.serialized(), $0.eventsSinceSnapshot) }
        var failure: StoreError?
        do {
            try await store.saveSnapshot(site: site, state: bytes)
        } catch {
            failure = error
        }
        state.withLock { state in
            if failure == nil { state.eventsSinceSnapshot = max(0, state.eventsSinceSnapshot - covered) }
            state.snapshotting = false
            // A handover that began meanwhile forwards what waited to the successor instead.
            guard !state.handingOver else { return }
            let deferred = state.deferred
            state.deferred = []
            for item in deferred { Self.recordAndLearn(item.record, state: &state, store: store) }
        }
        if let failure { throw failure }
    }
}

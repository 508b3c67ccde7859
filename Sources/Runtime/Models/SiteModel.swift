import DistFormat
import Foundation
import Personalize
import Synchronization

/// One site's policy with everything that mutates it behind one lock.
///
/// Snapshots must match the store's event marks exactly, or a restart would count an event twice
/// or not at all. So a learnable impression is recorded in the store and taught to the bandit in
/// one critical section, and while a snapshot is being saved the site is frozen (`Phase`):
/// impressions are still served but their recording and learning wait in `deferred` until the
/// store has taken its marks, and conversions wait to start until the snapshot is done. Waiting
/// is done with continuations that the end of the freeze resumes, never by polling.
package final class SiteModel: Sendable {
    package let site: String
    package let config: PersonalizeConfig
    /// What each goal's conversions teach at most; the store keeps the reported value.
    package let rewardCaps: RewardCaps
    /// Nil when not recording (preview): decisions are made, nothing is written or learned.
    private let store: EventStore?

    /// Where the model is in its life. Only `.learning` records and learns events as they come.
    private enum Phase {
        /// Events are recorded and learned as they come. → `.snapshotting` (`saveSnapshot`),
        /// → `.handingOver` (`beginHandover`).
        case learning
        /// A snapshot is being saved: its marks must cover exactly what the bandit has learned,
        /// so impressions wait in `deferred` and conversions wait to start. → `.learning` when
        /// the save ends, and the deferred events are learned then. A handover asked for
        /// meanwhile starts after it.
        case snapshotting
        /// A redeploy is moving the learning to a successor: frozen as while snapshotting.
        /// → `.retired` (`retire(to:)`).
        case handingOver
        /// A redeploy replaced this model: what waited, and everything after it, goes to the
        /// successor. Final.
        case retired(successor: SiteModel)

        var isFrozen: Bool {
            switch self {
            case .snapshotting, .handingOver: true
            case .learning, .retired: false
            }
        }
    }

    private struct State {
        var bandit: Bandit
        var rng: SeededGenerator
        var phase = Phase.learning
        var eventsSinceSnapshot = 0
        /// Learned something since the last `settle` (a restored model has not been settled).
        var unsettled = true
        /// Impressions that arrived while frozen, in order.
        var deferred: [DecisionRecord] = []
        /// Conversions between admission and learning; a freeze waits for them to finish.
        var conversionsInFlight = 0
        /// Resumed when `conversionsInFlight` reaches zero.
        var drainWaiters: [CheckedContinuation<Void, Never>] = []
        /// Resumed when a freeze ends; each waiter looks at the phase again.
        var thawWaiters: [CheckedContinuation<Void, Never>] = []

        var successor: SiteModel? {
            if case .retired(let successor) = phase { return successor }
            return nil
        }

        /// Ends a freeze; returns the waiters to resume once the lock is released.
        mutating func thaw(to next: Phase) -> [CheckedContinuation<Void, Never>] {
            phase = next
            defer { thawWaiters = [] }
            return thawWaiters
        }
    }

    private let state: Mutex<State>
    /// Complete readings of contexts seen before: hashing the context, outside the lock, is
    /// cheaper than reading the features again inside it. This model's bandit only ever
    /// numbers new values, so a complete reading stays right.
    private let readings = BoundedCache<Context, SlotReading>(capacity: 4096)

    init(
        site: String, bandit: Bandit, config: PersonalizeConfig, store: EventStore?, rewardCaps: RewardCaps = .none
    ) {
        self.site = site
        self.config = config
        self.rewardCaps = rewardCaps
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
    /// `makeRecord` gets the decision and every variant's probability under the same state (the
    /// sample-ratio check of the report sums them).
    func decide(
        _ features: [String: String], context: Context? = nil, learn: Bool,
        makeRecord: (Decision, [Double]) -> DecisionRecord
    ) -> Decision {
        guard let store else { return choose(features) }
        if !learn {
            let (decision, probabilities) = state.withLock {
                $0.bandit.decideWithDistribution($0.bandit.reading(features), using: &$0.rng)
            }
            store.recordDecision(makeRecord(decision, probabilities))
            return decision
        }
        let known = context.flatMap { readings.cachedValue(for: $0) }
        let (decision, reading) = state.withLock { state in
            let reading = known ?? state.bandit.reading(features)
            let (decision, probabilities) = state.bandit.decideWithDistribution(reading, using: &state.rng)
            Self.recordAndLearn(
                makeRecord(decision, probabilities), state: &state, store: store,
                readAs: (reading, decision.variantIndex))
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

    /// The decision with this id from the moment `decide` returned it: one waiting out a freeze
    /// in `deferred` is not in the store yet, so it is looked for here first.
    func decision(id: String) async throws(StoreError) -> DecisionRecord? {
        if let waiting = state.withLock({ $0.deferred.last { $0.id == id } }) { return waiting }
        // Not deferred now means handed to the store (or to a successor, which has it in its
        // own `deferred` or has handed it to the store) before this lookup.
        if let successor = state.withLock({ $0.successor }) { return try await successor.decision(id: id) }
        return try await store?.decision(id: id)
    }

    /// Whether a decision waits out a freeze here or in a successor (not yet handed to the store).
    func isHolding(id: String) -> Bool {
        let (held, successor) = state.withLock { state in (state.deferred.contains { $0.id == id }, state.successor) }
        return held || successor?.isHolding(id: id) == true
    }

    /// Re-estimates the effect spreads from the statistics now (`Bandit.settle`), when anything
    /// was learned since the last time. Spreads are otherwise refreshed every so many updates, at
    /// moments that depend on the order events arrived in; settled, two models that learned the
    /// same events agree whatever the order (shared learning, issue #21).
    func settle() {
        state.withLock { state in
            guard state.unsettled else { return }
            state.bandit.settle()
            state.unsettled = false
        }
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
        if state.phase.isFrozen {
            state.deferred.append(record)
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
        state.unsettled = true
    }

    /// Commits a conversion and, if its decision is learnable, teaches the reward before the next
    /// snapshot can be taken.
    func convert(_ conversion: ConversionRecord) async throws(StoreError) -> ConversionResult {
        guard let store else { return .unknownDecision }
        if let successor = await admitConversion() { return try await successor.convert(conversion) }
        let result: ConversionResult
        do {
            result = try await store.recordConversion(conversion)
        } catch {
            finishConversion()
            throw error
        }
        let forward = finishConversion()
        if let forward, case .recorded(let decision) = result, decision.learn {
            forward.learnReward(decision: decision, conversion: conversion)
            return result
        }
        let reward = rewardCaps.learned(conversion.value, goal: conversion.goal)
        state.withLock { state in
            if case .recorded(let decision) = result, decision.learn {
                try? state.bandit.recordReward(
                    variant: decision.variant, features: decision.features, reward: reward)
                state.eventsSinceSnapshot += 1
                state.unsettled = true
            }
        }
        return result
    }

    /// Counts a conversion in flight once no freeze is on (a snapshot takes milliseconds);
    /// returns the successor instead when this model is retired.
    private func admitConversion() async -> SiteModel? {
        while true {
            let admitted = state.withLock { state -> Bool? in
                if state.successor != nil { return nil }
                if state.phase.isFrozen { return false }
                state.conversionsInFlight += 1
                return true
            }
            switch admitted {
            case true: return nil
            case false: await waitForThaw()
            default: return state.withLock { $0.successor }
            }
        }
    }

    /// Ends a conversion's stay in flight; returns the successor it must be learned by, if any.
    @discardableResult
    private func finishConversion() -> SiteModel? {
        let (successor, drained) = state.withLock { state -> (SiteModel?, [CheckedContinuation<Void, Never>]) in
            state.conversionsInFlight -= 1
            guard state.conversionsInFlight == 0 else { return (state.successor, []) }
            defer { state.drainWaiters = [] }
            return (state.successor, state.drainWaiters)
        }
        for waiter in drained { waiter.resume() }
        return successor
    }

    /// Returns once the current freeze, if any, has ended: impressions it deferred are then
    /// handed to the store.
    func waitForThaw() async {
        await withCheckedContinuation { waiter in
            // Checked under the lock that ends freezes, so the wake-up cannot be missed.
            let parked = state.withLock { state in
                guard state.phase.isFrozen else { return false }
                state.thawWaiters.append(waiter)
                return true
            }
            if !parked { waiter.resume() }
        }
    }

    /// Returns once no conversion is between admission and learning.
    private func waitForDrain() async {
        await withCheckedContinuation { waiter in
            let parked = state.withLock { state in
                guard state.conversionsInFlight > 0 else { return false }
                state.drainWaiters.append(waiter)
                return true
            }
            if !parked { waiter.resume() }
        }
    }

    /// Learns under this model's caps: a successor's manifest may declare other ones.
    private func learnReward(decision: DecisionRecord, conversion: ConversionRecord) {
        let reward = rewardCaps.learned(conversion.value, goal: conversion.goal)
        state.withLock { state in
            try? state.bandit.recordReward(variant: decision.variant, features: decision.features, reward: reward)
            state.eventsSinceSnapshot += 1
            state.unsettled = true
        }
    }

    /// Stops learning here for a redeploy and returns what was learned, once no conversion is
    /// between commit and learning. Follow with `retire(to:)`.
    func beginHandover() async -> Bandit {
        while true {
            let started = state.withLock { state -> Bool in
                switch state.phase {
                case .learning:
                    state.phase = .handingOver
                    return true
                case .retired:
                    return true
                case .snapshotting, .handingOver:
                    return false
                }
            }
            if started { break }
            await waitForThaw()
        }
        await waitForDrain()
        return bandit
    }

    /// Sends everything that arrived during the handover, and everything later, to `successor`.
    func retire(to successor: SiteModel) {
        // Inside this lock so a conversion waiting here cannot reach the successor before the
        // decision it joins (the successor never takes this lock, so no ordering cycle).
        let waiters = state.withLock { state in
            for record in state.deferred { successor.record(record) }
            state.deferred = []
            return state.thaw(to: .retired(successor: successor))
        }
        for waiter in waiters { waiter.resume() }
    }

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
            guard case .learning = state.phase else { return false }
            state.phase = .snapshotting
            return true
        }
        guard owned else { return }
        await waitForDrain()
        // The count is settled only once the save succeeded: a failed snapshot leaves the site
        // due, so the next tick tries again.
        let (bytes, covered) = state.withLock { ($0.bandit.serialized(), $0.eventsSinceSnapshot) }
        var failure: StoreError?
        do {
            try await store.saveSnapshot(site: site, state: bytes)
        } catch {
            failure = error
        }
        let waiters = state.withLock { state in
            if failure == nil { state.eventsSinceSnapshot = max(0, state.eventsSinceSnapshot - covered) }
            let deferred = state.deferred
            state.deferred = []
            let waiters = state.thaw(to: .learning)
            for record in deferred { Self.recordAndLearn(record, state: &state, store: store) }
            return waiters
        }
        for waiter in waiters { waiter.resume() }
        if let failure { throw failure }
    }
}

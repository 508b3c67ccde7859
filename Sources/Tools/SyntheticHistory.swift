import Foundation
import Personalize
import Runtime

/// `sitegen simulate --into-db`: a realistic history of the example sites written into an event
/// database with the current schema, so the report has something to show before any campaign.
///
/// Visitors and their would-convert outcomes come from a scenario (its context weights and
/// rates, variant k of a site playing the scenario's variant k mod n); the site's own policy
/// decides, with its probabilities logged, and learns from what converts, exactly as `serve`
/// does. On top: a daily rhythm, busier weekends, 3% bots, QR placements (pinned ones shown
/// their variant and not learned from), returning visitors' extra views, and one placement that
/// stops scanning for a week (a poster taken down), so the report's anomaly and placement views
/// have something real to find.
package enum SyntheticHistory {
    package struct Site: Sendable {
        package var id: String
        package var layout: SiteLayout
        package var config: PersonalizeConfig

        package init(id: String, layout: SiteLayout, config: PersonalizeConfig) {
            self.id = id
            self.layout = layout
            self.config = config
        }
    }

    package struct Summary: Sendable, Equatable {
        package var site: String
        package var decisions: Int
        package var conversions: Int
        /// The placement that stopped scanning, and the days it was silent.
        package var silentPlacement: String?
        package var silentDays: Range<Int>
    }

    /// Writes `days` days ending at `end` (UTC midnight) for every site; returns what it wrote.
    package static func write(
        scenario: Scenario, sites: [Site], days: Int, visitorsPerDay: Int, seed: UInt64, into path: String,
        end: Date
    ) async throws -> [Summary] {
        let store = try EventStore(path: path)
        var summaries: [Summary] = []
        do {
            for (index, site) in sites.enumerated() {
                summaries.append(
                    try await write(
                        scenario: scenario, site: site, days: days, visitorsPerDay: visitorsPerDay,
                        seed: seed &+ UInt64(index) &* 7919, store: store, end: end))
            }
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
        return summaries
    }

    private static func write(
        scenario: Scenario, site: Site, days: Int, visitorsPerDay: Int, seed: UInt64, store: EventStore, end: Date
    ) async throws -> Summary {
        store.recordLayout(site.layout, site: site.id)
        var bandit = try Bandit(variants: site.layout.variants, config: site.config)
        var rng = SeededGenerator(seed: seed)
        let dayLength = 86_400.0
        let start = end.addingTimeInterval(-Double(days) * dayLength)
        let placements = site.layout.placements
        // Later placements are printed less (a window sticker is scanned less than table tents).
        let placementWeights = placements.indices.map { 1.0 / Double($0 + 1) }
        let silent = placements.count > 1 ? placements.first { $0.variant == nil }?.id : nil
        let silentDays = (days / 2)..<(days / 2 + 7)
        // The most valuable goal: what a QR campaign's visitors mostly come for.
        let mainGoal = site.layout.goals.max { $0.value < $1.value }
        let goalValue = mainGoal?.value ?? 1
        let goal = mainGoal?.id ?? "convert"
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone

        // Rounds drawn in one go: the scenario's visitors and outcomes, then spread over the days.
        let weekdayShape = [1.0, 0.9, 0.95, 1.0, 1.1, 1.45, 1.35]  // Monday … Sunday
        let perDay = (0..<days).map { day -> Int in
            let date = start.addingTimeInterval(Double(day) * dayLength)
            let weekday = (calendar.component(.weekday, from: date) + 5) % 7  // 0 = Monday
            return max(1, Int(Double(visitorsPerDay) * weekdayShape[weekday] * (0.9 + 0.2 * rng.unit())))
        }
        let rounds = SimulatedRound.draw(scenario, count: perDay.reduce(0, +), seed: seed)
        var next = 0
        var decisions = 0
        var conversions = 0
        for day in 0..<days {
            var pending: [ConversionRecord] = []
            var rewards: [(variant: String, features: [String: String], value: Double)] = []
            for _ in 0..<perDay[day] {
                let round = rounds[next]
                next += 1
                let hour = round.features["hour"].flatMap(Int.init) ?? Int(rng.unit() * 24)
                let at = start.addingTimeInterval(
                    Double(day) * dayLength + Double(hour) * 3600 + rng.unit() * 3599)
                let weekday = (calendar.component(.weekday, from: at) + 5) % 7 + 1
                var features = round.features
                let isBot = rng.unit() < 0.03
                features["device"] = isBot ? "bot" : features["device"] ?? "mobile"
                features["hour"] = String(hour)
                features["weekday"] = String(weekday)
                features["daypart"] = Context.daypart(hour: hour)
                features["country"] = features["country"] ?? "unknown"
                features["language"] = features["language"] ?? (features["country"] == "IT" ? "it" : "en")
                features["os"] = features["os"] ?? (features["device"] == "desktop" ? "windows" : "ios")

                // 80% come from a QR code; the rest type the address or follow a link.
                var placement: SiteLayout.Placement?
                if !placements.isEmpty, rng.unit() < 0.8 {
                    placement = placements[Self.pick(placementWeights, &rng)]
                    if placement?.id == silent, silentDays.contains(day) { placement = nil }
                }
                features["source"] = placement != nil ? "qr" : "unknown"
                let origin = VisitOrigin(placement: placement?.id, source: placement != nil ? "qr" : nil)
                let encoded = EncodedFeatures(features)
                let id = DecisionID.make(at: at)

                let record: DecisionRecord
                if let pinned = placement?.variant, site.layout.variants.contains(pinned) {
                    record = DecisionRecord.pinned(
                        id: id, site: site.id, variant: pinned, features: encoded, at: at, origin: origin)
                } else {
                    // Drawn from the policy's own probability vector, so the logged propensities
                    // are exact by construction (for thompson and lints `decide` samples
                    // posteriors, and the vector it reports is a closed-form estimate of that).
                    let probabilities = bandit.probabilities(features)
                    let chosen = Self.pick(probabilities, &rng)
                    let decision = Decision(
                        variant: site.layout.variants[chosen], variantIndex: chosen,
                        propensity: probabilities[chosen], expectedReward: 0, confidence: 0)
                    if !isBot { try bandit.recordImpression(variant: decision.variant, features: features) }
                    record = DecisionRecord.make(
                        id: id, site: site.id, decision: decision, probabilities: probabilities, features: encoded,
                        learn: !isBot, at: at, origin: origin)
                }
                store.recordDecision(record)
                decisions += 1
                store.countVisit(
                    site: site.id, variant: record.variant, placement: placement?.id, at: at, scan: placement != nil)
                // About a third come back and look again (menus, opening hours): views, not decisions.
                if rng.unit() < 0.35 {
                    for _ in 0..<(1 + Int(rng.unit() * 3)) {
                        store.countVisit(
                            site: site.id, variant: record.variant, placement: placement?.id,
                            at: at.addingTimeInterval(rng.unit() * 6 * 3600), scan: placement != nil)
                    }
                }
                guard !isBot, let k = site.layout.variants.firstIndex(of: record.variant) else { continue }
                let outcome = k % max(1, round.converts.count)
                guard outcome < round.converts.count, round.converts[outcome] else { continue }
                // A scenario without `revenue` (every reward 1) earns the site's goal value.
                let value =
                    scenario.revenue.allSatisfy({ $0 == 1 }) || outcome >= round.rewards.count
                    ? goalValue : round.rewards[outcome]
                pending.append(
                    ConversionRecord(
                        decisionID: id, site: site.id, goal: goal, value: value,
                        at: at.addingTimeInterval(60 + rng.unit() * 900)))
                if record.learn { rewards.append((record.variant, features, value)) }
            }
            // A day's conversions together: the writer commits them in a few transactions.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for conversion in pending {
                    group.addTask { _ = try await store.recordConversion(conversion) }
                }
                try await group.waitForAll()
            }
            conversions += pending.count
            // The policy learns a day's rewards at the day's end, like late beacons.
            for reward in rewards {
                try bandit.recordReward(variant: reward.variant, features: reward.features, reward: reward.value)
            }
        }
        return Summary(
            site: site.id, decisions: decisions, conversions: conversions, silentPlacement: silent,
            silentDays: silentDays)
    }

    private static func pick(_ weights: [Double], _ rng: inout SeededGenerator) -> Int {
        let total = weights.reduce(0, +)
        var u = rng.unit() * total
        for (index, weight) in weights.enumerated() {
            u -= weight
            if u < 0 { return index }
        }
        return weights.count - 1
    }
}

extension SeededGenerator {
    /// Uniform in [0, 1) from the top 53 bits.
    fileprivate mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}

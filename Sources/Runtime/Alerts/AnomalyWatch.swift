import Foundation
import Insight
import Synchronization

/// Which anomalies are going on right now, per site, and what changed at the last check: the
/// source of the `sitegen_anomaly_active` gauge and of the webhook's started/ended messages.
///
/// A check reads each site's hourly visits from the store and runs the detector over the complete
/// hours; an anomaly is the same one from check to check while its kind and start stay the same.
package final class AnomalyWatch: Sendable {
    /// One anomaly going on at a site.
    package struct Active: Sendable, Equatable, Hashable {
        package var site: String
        package var kind: AnomalyKind
        /// The variant whose conversion rate collapsed (`rateCollapse` only).
        package var variant: String? = nil
        package var start: String
        package var expected: Double
        package var actual: Double
        package var summary: String

        /// What stays the same while the anomaly lasts (its size changes hour by hour).
        var identity: String { "\(site)|\(kind.rawValue)|\(variant ?? "")|\(start)" }
    }

    /// A change since the previous check, as the webhook sends it.
    package struct Change: Sendable, Equatable, Encodable {
        package enum Event: String, Sendable, Encodable { case started, ended }
        package var event: Event
        package var site: String
        package var kind: AnomalyKind
        /// The variant whose conversion rate collapsed; absent for the site's traffic anomalies.
        package var variant: String?
        package var start: String
        package var expected: Double
        package var actual: Double
        package var summary: String
        /// When the check noticed it (ISO 8601).
        package var at: String
    }

    private let active = Mutex<[String: Active]>([:])

    package init() {}

    /// Everything going on now, for `/metrics`.
    package var current: [Active] {
        active.withLock { Array($0.values) }.sorted { ($0.site, $0.start) < ($1.site, $1.start) }
    }

    /// Replaces the state with what `found` says is going on now and returns what started and ended.
    /// Sites in `checked` but without an entry in `found` have nothing going on.
    package func update(checked: Set<String>, found: [Active], at now: Date) -> [Change] {
        let stamp = now.formatted(Date.ISO8601FormatStyle())
        let next = Dictionary(found.map { ($0.identity, $0) }, uniquingKeysWith: { first, _ in first })
        return active.withLock { previous in
            var changes: [Change] = []
            for (key, anomaly) in next where previous[key] == nil {
                changes.append(Self.change(.started, anomaly, at: stamp))
            }
            for (key, anomaly) in previous where next[key] == nil && checked.contains(anomaly.site) {
                changes.append(Self.change(.ended, anomaly, at: stamp))
            }
            previous = previous.filter { !checked.contains($0.value.site) }.merging(next) { _, new in new }
            return changes.sorted { ($0.site, $0.start, $0.event.rawValue) < ($1.site, $1.start, $1.event.rawValue) }
        }
    }

    private static func change(_ event: Change.Event, _ anomaly: Active, at stamp: String) -> Change {
        Change(
            event: event, site: anomaly.site, kind: anomaly.kind, variant: anomaly.variant, start: anomaly.start,
            expected: anomaly.expected,
            actual: anomaly.actual, summary: anomaly.summary, at: stamp)
    }
}

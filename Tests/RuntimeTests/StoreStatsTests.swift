import Foundation
import XCTest

@testable import Runtime

final class StoreStatsTests: XCTestCase {
    func testStatsPerSiteAndVariant() async throws {
        let store = try EventStore(path: try makeStorePath())
        store.recordDecision(sampleDecision("a1", site: "luna", variant: "a"))
        store.recordDecision(sampleDecision("a2", site: "luna", variant: "a"))
        store.recordDecision(sampleDecision("a3", site: "luna", variant: "a", learn: false))
        store.recordDecision(sampleDecision("b1", site: "luna", variant: "b"))
        store.recordDecision(sampleDecision("s1", site: "sole", variant: "default"))
        _ = try await store.recordConversion(sampleConversion("a1", goal: "reserve", value: 1))
        _ = try await store.recordConversion(sampleConversion("a1", goal: "order", value: 25.5))
        _ = try await store.recordConversion(sampleConversion("s1", site: "sole", value: 2))
        _ = try await store.recordConversion(sampleConversion("s1", site: "sole", value: 2))  // duplicate

        XCTAssertEqual(
            try store.stats(),
            [
                SiteStats(
                    site: "luna", variant: "a", impressions: 3, learnableImpressions: 2, conversions: 1,
                    convertedImpressions: 1, reward: 26.5, conversionEvents: 2, learnableReward: 26.5,
                    botImpressions: 1),
                SiteStats(
                    site: "luna", variant: "b", impressions: 1, learnableImpressions: 1, conversions: 0,
                    convertedImpressions: 0, reward: 0, conversionEvents: 0, learnableReward: 0),
                SiteStats(
                    site: "sole", variant: "default", impressions: 1, learnableImpressions: 1, conversions: 1,
                    convertedImpressions: 1, reward: 2, conversionEvents: 1, learnableReward: 2),
            ])
        // Two goals reached from one of two learnable impressions: half of them converted, not all.
        XCTAssertEqual(try store.stats().first?.conversionRate ?? 0, 1.0 / 2.0, accuracy: 1e-12)
        try await store.close()
    }

    func testStatsOfAnEmptyStore() async throws {
        let store = try EventStore(path: try makeStorePath())
        XCTAssertEqual(try store.stats(), [])
        try await store.close()
    }
}

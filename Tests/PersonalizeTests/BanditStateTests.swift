import XCTest

@testable import Personalize

/// Serialisation, merging and carry-over of learned state.
final class BanditStateTests: XCTestCase {
    let variants = ["a", "b", "c"]
    let config = PersonalizeConfig(interactions: [["device", "daypart"]])

    /// A bandit fed a fixed stream of traffic.
    func trained(seed: UInt64, rounds: Int = 600, halfLife: Double? = nil) throws -> Bandit {
        var cfg = config
        cfg.halfLife = halfLife
        var bandit = try Bandit(variants: variants, config: cfg)
        var rng = SeededGenerator(seed: seed)
        let devices = ["mobile", "desktop", "tablet"]
        for _ in 0..<rounds {
            let features = [
                "device": devices[Int(rng.next() % 3)], "daypart": "evening",
                "country": rng.next() % 2 == 0 ? "IT" : "FR", "hour": "20",
            ]
            let decision = bandit.decide(features, using: &rng)
            try bandit.recordImpression(variant: decision.variant, features: features)
            if rng.nextUnit() < (decision.variant == "b" ? 0.2 : 0.05) {
                try bandit.recordReward(variant: decision.variant, features: features, reward: 2)
            }
        }
        return bandit
    }

    func testRoundTripKeepsEveryDecision() throws {
        let bandit = try trained(seed: 1)
        let bytes = bandit.serialized()
        let restored = try Bandit(serialized: bytes, variants: variants, config: config)
        XCTAssertEqual(restored.serialized(), bytes)
        XCTAssertEqual(restored.report(), bandit.report())
        var r1 = SeededGenerator(seed: 9)
        var r2 = SeededGenerator(seed: 9)
        let f = ["device": "mobile", "daypart": "evening", "country": "IT"]
        for _ in 0..<50 { XCTAssertEqual(bandit.decide(f, using: &r1), restored.decide(f, using: &r2)) }
    }

    /// The runtime decides and learns from one reading of the features; that must be the same
    /// model, decision for decision, as reading them twice.
    func testOneReadingDecidesAndLearnsLikeTheFeatures() throws {
        var byFeatures = try Bandit(variants: variants, config: config)
        var byReading = byFeatures
        var r1 = SeededGenerator(seed: 4)
        var r2 = SeededGenerator(seed: 4)
        let devices = ["mobile", "desktop", "tablet"]
        for round in 0..<400 {
            // New values keep appearing, so readings with unseen (-1) ids are learned from too.
            let features = ["device": devices[round % 3], "daypart": "evening", "country": "C\(round % 37)"]
            let a = byFeatures.decide(features, using: &r1)
            try byFeatures.recordImpression(variant: a.variant, features: features)
            let reading = byReading.reading(features)
            let b = byReading.decide(reading, using: &r2)
            try byReading.recordImpression(variantIndex: b.variantIndex, reading: reading)
            XCTAssertEqual(a, b, "round \(round)")
        }
        XCTAssertEqual(byReading.serialized(), byFeatures.serialized())
        // The runtime keeps complete readings: learning more must never renumber a value.
        let early = ["device": "mobile", "daypart": "evening", "country": "C0"]
        let kept = byReading.reading(early)
        XCTAssert(kept.isComplete)
        XCTAssertFalse(byReading.reading(["device": "watch"]).isComplete)
        for round in 0..<50 {
            try byReading.recordImpression(variant: "a", features: ["device": "d\(round)", "country": "X\(round)"])
        }
        XCTAssertEqual(byReading.reading(early).ids, kept.ids)
        let other = try Bandit(variants: variants, config: PersonalizeConfig(features: ["device"], interactions: []))
        XCTAssertThrowsError(
            try byReading.recordImpression(variantIndex: 0, reading: other.reading(["device": "mobile"])),
            "a reading from a bandit with other slots"
        ) { XCTAssertEqual($0 as? PersonalizeError, .foreignReading("1 slots read, this bandit has 4")) }
        XCTAssertThrowsError(try byReading.recordImpression(variantIndex: 3, reading: byReading.reading([:]))) {
            XCTAssertEqual($0 as? PersonalizeError, .foreignReading("variant index 3 of 3 variants"))
        }
    }

    func testCorruptStatesAreRejected() throws {
        let bytes = try trained(seed: 2).serialized()
        func expectCorrupt(_ b: [UInt8], _ line: UInt = #line) {
            XCTAssertThrowsError(try Bandit(serialized: b, variants: variants, config: config), line: line) {
                guard case .corruptState? = $0 as? PersonalizeError else { return XCTFail("\($0)", line: line) }
            }
        }
        expectCorrupt([])
        expectCorrupt(Array(bytes.prefix(bytes.count / 2)))
        expectCorrupt(Array(bytes.dropLast()))
        var flipped = bytes
        flipped[bytes.count / 3] ^= 0x40
        expectCorrupt(flipped)
        var otherVersion = bytes
        otherVersion[4] = 5
        expectCorrupt(otherVersion)
        expectCorrupt(Array("not a state at all, just some text".utf8))
        // Edited bytes with a valid checksum: a scale no bandit writes, which would make every
        // statistic infinite once used.
        expectCorrupt(
            resealed(bytes) { body in
                withUnsafeBytes(of: (1e-300 as Double).bitPattern.littleEndian) {
                    body.replaceSubrange(8..<16, with: $0)
                }
            })
    }

    /// Version 1 also stored the all-variant sums after the scale; such a state (as servers before
    /// version 2 saved it) restores to the same model. Built by hand from a version-2 state, as
    /// the previous build wrote it.
    func testVersionOneStateIsStillRead() throws {
        let bandit = try trained(seed: 7)
        let versionTwo = bandit.serialized(version: 2)
        XCTAssertEqual(versionTwo[4], 2)
        XCTAssertEqual(bandit.serialized()[4], 4)
        let versionOne = resealed(versionTwo) { body in
            body[4] = 1
            var pooled = StateWriter()
            pooled.stats(bandit.pooled)
            body.insert(contentsOf: pooled.bytes, at: 16)
        }
        XCTAssertEqual(versionOne, bandit.serialized(version: 1))
        for old in [versionOne, versionTwo] {
            let restored = try Bandit(serialized: old, variants: variants, config: config)
            XCTAssertEqual(restored.pooled, bandit.pooled)
            XCTAssertEqual(restored.serialized(version: 2), versionTwo)
            // Those states have no forgetting windows: they restore with none chosen, and otherwise
            // decide as the original.
            XCTAssertEqual(restored.forgetting.chosen, 0)
            var reference = bandit
            reference.forgetting = restored.forgetting
            var r1 = SeededGenerator(seed: 3)
            var r2 = SeededGenerator(seed: 3)
            let f = ["device": "tablet", "daypart": "evening", "country": "FR"]
            for _ in 0..<50 { XCTAssertEqual(reference.decide(f, using: &r1), restored.decide(f, using: &r2)) }
        }
    }

    /// The state with its body edited and the checksum recomputed, as a deliberate edit would be.
    private func resealed(_ bytes: [UInt8], _ edit: (inout [UInt8]) -> Void) -> [UInt8] {
        var body = Array(bytes.dropLast(8))
        edit(&body)
        return body + withUnsafeBytes(of: fnv1a(body[...]).littleEndian) { Array($0) }
    }

    func testMergeAddsStatistics() throws {
        let one = try trained(seed: 3)
        let two = try trained(seed: 4)
        var merged = one
        try merged.merge(two)
        let (r1, r2, rm) = (one.report(), two.report(), merged.report())
        for i in variants.indices {
            XCTAssertEqual(rm[i].impressions, r1[i].impressions + r2[i].impressions)
            XCTAssertEqual(rm[i].conversions, r1[i].conversions + r2[i].conversions)
            XCTAssertEqual(rm[i].reward, r1[i].reward + r2[i].reward, accuracy: 1e-9)
        }
        XCTAssertEqual(merged.arms[1].total.trials, one.arms[1].total.trials + two.arms[1].total.trials, accuracy: 1e-9)
        let other = try Bandit(variants: ["a", "z"], config: config)
        let before = merged.serialized()
        XCTAssertThrowsError(try merged.merge(other)) {
            XCTAssertEqual($0 as? PersonalizeError, .unknownVariant("z"))
        }
        XCTAssertEqual(merged.serialized(), before)
    }

    func testCarryOverKeepsSurvivingVariants() throws {
        let old = try trained(seed: 5)
        let moved = try old.carriedOver(to: ["b", "new"], config: config)
        let report = moved.report()
        XCTAssertEqual(report.map(\.variant), ["b", "new"])
        XCTAssertEqual(report[0].impressions, old.report()[1].impressions)
        XCTAssertEqual(report[1].impressions, 0)
        // Through bytes, too: a redeploy loads the old state with the new variant list.
        let loaded = try Bandit(serialized: old.serialized(), variants: ["b", "new"], config: config)
        XCTAssertEqual(loaded.report(), report)
    }

    func testHalfLifeForgetsButReportsRawCounts() throws {
        let bandit = try trained(seed: 6, rounds: 2000, halfLife: 100)
        let total = bandit.report().reduce(0) { $0 + $1.impressions }
        XCTAssertEqual(total, 2000)
        let effective = bandit.arms.reduce(0) { $0 + $1.total.trials } / bandit.scale
        // Σ 2^(-k/100) over the last impressions ≈ 100/ln 2 ≈ 144.
        XCTAssertEqual(effective, 100 / log(2.0), accuracy: 2)
        let restored = try Bandit(serialized: bandit.serialized(), variants: variants, config: config)
        XCTAssertEqual(restored.report(), bandit.report())
    }
}

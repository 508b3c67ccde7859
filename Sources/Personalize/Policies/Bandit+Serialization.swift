extension Bandit {
    static let magic: [UInt8] = Array("SGBS".utf8)
    /// Version 2 no longer stores the all-variant sums, which are the sum of the variants' own;
    /// version 3 adds the change detector's recent sums after the variants; version 4 the
    /// forgetting windows after those. Older states are still read (a version 1 or 2 state starts
    /// with no recent evidence, as a new campaign does; a version 1–3 state starts its windows
    /// from the overall sums, with no forgetting chosen).
    static let stateVersion: UInt32 = 4
    static let oldestReadableVersion: UInt32 = 1

    /// The learned state as versioned bytes: magic `SGBS`, format version, the statistics (keyed by
    /// variant id, slot name and value, never by position, so a redeploy can carry them over), and
    /// an FNV-1a checksum of everything before it. The policy and its settings are not stored: they
    /// come from the config on load.
    package func serialized() -> [UInt8] { serialized(version: Self.stateVersion) }

    /// The state in an older format version (1 or 2), as earlier builds wrote it: for tests of
    /// loading old states.
    func serialized(version: UInt32) -> [UInt8] {
        var w = StateWriter()
        w.bytes.append(contentsOf: Self.magic)
        w.u32(version)
        w.f64(scale)
        if version == 1 { w.stats(pooled) }
        w.u32(UInt32(settings.slots.count))
        for slot in settings.slots {
            w.u32(UInt32(slot.features.count))
            for feature in slot.features { w.string(feature) }
            w.u32(UInt32(slot.values.count))
            for value in slot.values { w.string(value) }
        }
        w.u32(UInt32(variants.count))
        for (a, id) in variants.enumerated() {
            let arm = arms[a]
            w.string(id)
            w.u64(UInt64(arm.impressions))
            w.u64(UInt64(arm.conversions))
            w.f64(arm.reward)
            w.stats(arm.total)
            for segments in arm.segments {
                w.u32(UInt32(segments.count))
                for s in segments { w.stats(s) }
            }
            // The cached effect spreads, so that a restored bandit decides exactly as the original.
            for v in arm.ownEffectVariance { w.f64(v) }
            for v in arm.effectVariance { w.f64(v) }
            w.u32(UInt32(arm.updatesSinceRefresh))
        }
        if version >= 3 {
            w.f64(drift.scale)
            w.u32(UInt32(min(drift.sinceCheck, Int(UInt32.max))))
            w.u32(UInt32(min(drift.changes, Int(UInt32.max))))
            for stats in drift.recent { w.stats(stats) }
        }
        if version >= 4 {
            w.u32(UInt32(forgetting.scales.count))
            for window in forgetting.scales.indices {
                w.f64(forgetting.scales[window])
                w.f64(forgetting.scores[window])
                for stats in forgetting.sums[window] { w.stats(stats) }
            }
            w.u32(UInt32(forgetting.chosen))
        }
        w.u64(fnv1a(w.bytes[...]))
        return w.bytes
    }

    /// Restores a state for these variants and this config. Statistics of variants, features and
    /// values that still exist are kept (as `carriedOver`); bytes that are truncated, altered, of
    /// another format version or internally inconsistent throw `corruptState`.
    package init(serialized bytes: [UInt8], variants: [String], config: PersonalizeConfig)
        throws(PersonalizeError)
    {
        let target = try Bandit(variants: variants, config: config)
        let stored = try Self.decode(bytes)
        self = stored.transplanted(into: target)
    }

    private static func decode(_ bytes: [UInt8]) throws(PersonalizeError) -> Bandit {
        guard bytes.count >= 16 else { throw BanditErrors.corruptState("\(bytes.count) bytes is too short") }
        guard Array(bytes.prefix(4)) == magic else { throw BanditErrors.corruptState("not a bandit state") }
        let body = bytes[0..<(bytes.count - 8)]
        var tail = StateReader(Array(bytes.suffix(8)))
        guard try tail.u64() == fnv1a(body) else { throw BanditErrors.corruptState("checksum mismatch") }
        var r = StateReader(Array(body))
        _ = try r.take(4)
        let version = try r.u32()
        guard (oldestReadableVersion...stateVersion).contains(version) else {
            throw BanditErrors.corruptState(
                "format version \(version), this build reads \(oldestReadableVersion)–\(stateVersion)")
        }
        // A running bandit rescales long before its scale leaves this range (see advanceClock);
        // anything outside it would make every statistic infinite or NaN once used.
        let scale = try r.f64()
        guard (1e-100...1e100).contains(scale) else {
            throw BanditErrors.corruptState("scale \(scale) is out of range")
        }
        // Version 1's all-variant sums: rebuilt from the variants' own when transplanted.
        if version == 1 { _ = try r.stats() }
        var slots: [FeatureSlot] = []
        for _ in 0..<(try r.count(minimumSize: 8)) {
            var features: [String] = []
            for _ in 0..<(try r.count(minimumSize: 4)) { features.append(try r.string()) }
            guard !features.isEmpty else { throw BanditErrors.corruptState("slot without features") }
            var slot = FeatureSlot(features: features)
            let values = try r.count(minimumSize: 4)
            for _ in 0..<values { _ = slot.intern(try r.string()) }
            guard slot.values.count == values else { throw BanditErrors.corruptState("repeated value in \(slot.name)") }
            slots.append(slot)
        }
        var ids: [String] = []
        var arms: [VariantStatistics] = []
        for _ in 0..<(try r.count(minimumSize: 60)) {
            ids.append(try r.string())
            var arm = VariantStatistics(slotCount: slots.count)
            arm.impressions = try r.tally()
            arm.conversions = try r.tally()
            arm.reward = try r.f64()
            arm.total = try r.stats()
            for s in slots.indices {
                let n = try r.count(minimumSize: 32)
                guard n <= slots[s].values.count else {
                    throw BanditErrors.corruptState("\(n) segments for \(slots[s].values.count) values")
                }
                for _ in 0..<n { arm.segments[s].append(try r.stats()) }
            }
            for s in slots.indices { arm.ownEffectVariance[s] = try r.f64() }
            for s in slots.indices { arm.effectVariance[s] = try r.f64() }
            guard (arm.ownEffectVariance + arm.effectVariance).allSatisfy({ $0 >= 0 }) else {
                throw BanditErrors.corruptState("negative effect variance")
            }
            arm.updatesSinceRefresh = Int(try r.u32())
            arms.append(arm)
        }
        var drift = DriftMonitor(variantCount: arms.count)
        if version >= 3 {
            drift.scale = try r.f64()
            guard (1e-100...1e100).contains(drift.scale) else {
                throw BanditErrors.corruptState("recent scale \(drift.scale) is out of range")
            }
            drift.sinceCheck = Int(try r.u32())
            drift.changes = Int(try r.u32())
            for a in arms.indices { drift.recent[a] = try r.stats() }
        }
        var forgetting = ForgettingWindows(variantCount: arms.count)
        if version >= 4 {
            let windows = try r.count(minimumSize: 16)
            // A build with other half-lives: its windows mean nothing here; start them afresh.
            let matches = windows == ForgettingWindows.windowCount
            for window in 0..<windows {
                let scale = try r.f64()
                guard (1e-100...1e100).contains(scale) else {
                    throw BanditErrors.corruptState("window scale \(scale) is out of range")
                }
                let score = try r.f64()
                guard score.isFinite else { throw BanditErrors.corruptState("window score \(score)") }
                var sums: [SufficientStats] = []
                for _ in arms.indices { sums.append(try r.stats()) }
                if matches {
                    forgetting.scales[window] = scale
                    forgetting.scores[window] = score
                    forgetting.sums[window] = sums
                }
            }
            let chosen = Int(try r.u32())
            guard chosen < max(windows, 1) else { throw BanditErrors.corruptState("window \(chosen) of \(windows)") }
            if matches { forgetting.chosen = chosen }
        }
        if forgetting == ForgettingWindows(variantCount: arms.count) {
            // No windows stored (an older state, or other half-lives): each starts from the overall
            // sums, as if all evidence were recent, and no forgetting is chosen until one predicts
            // better. Empty windows would predict no better than the pooled rate, and one chosen
            // early would throw the campaign's whole history away.
            for w in forgetting.sums.indices {
                for a in arms.indices { forgetting.sums[w][a] = arms[a].total.scaled(by: 1 / scale) }
            }
        }
        guard r.atEnd else { throw BanditErrors.corruptState("\(r.bytes.count - r.offset) trailing bytes") }
        guard !ids.isEmpty, Set(ids).count == ids.count else {
            throw BanditErrors.corruptState("missing or repeated variant ids")
        }
        var stored = Bandit(storedVariants: ids, slots: slots, arms: arms)
        stored.scale = scale
        stored.drift = drift
        stored.forgetting = forgetting
        return stored
    }
}

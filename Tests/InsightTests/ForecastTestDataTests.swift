import Foundation

@testable import Insight

/// Deterministic test data (no tests in this file): a seeded SplitMix64 with Poisson draws, and
/// synthetic daily and hourly count series with a weekly pattern.
struct ForecastTestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func gaussian() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
    mutating func poisson(_ mean: Double) -> Double {
        if mean <= 0 { return 0 }
        if mean > 50 { return max(0, (mean + mean.squareRoot() * gaussian()).rounded()) }
        let l = exp(-mean)
        var k = 0.0, p = 1.0
        repeat { k += 1; p *= uniform() } while p > l
        return k - 1
    }

    static let weekly = [1.1, 1.05, 1.0, 1.05, 1.2, 0.8, 0.8]

    /// Daily counts around `level` with the weekly pattern and a gentle trend.
    mutating func daily(days: Int, level: Double = 500) -> [Double] {
        (0..<days).map { t in poisson(level * (1 + 0.1 * Double(t) / 365) * Self.weekly[t % 7]) }
    }

    /// Daily counts with the weekly pattern and day-to-day noise beyond Poisson: each day's mean
    /// is multiplied by a lognormal factor with coefficient of variation `noise`.
    mutating func daily(days: Int, level: Double, noise: Double) -> [Double] {
        (0..<days).map { t in poisson(level * Self.weekly[t % 7] * exp(noise * gaussian() - noise * noise / 2)) }
    }

    /// Hourly counts: daily totals with the weekly pattern, spread over a day-shaped profile.
    mutating func hourly(days: Int, dailyLevel: Double = 2400) -> [Double] {
        var shape = (0..<24).map { h -> Double in 0.05 + exp(-pow(Double(h) - 14, 2) / 18) }
        let c = shape.reduce(0, +)
        shape = shape.map { $0 / c }
        var out: [Double] = []
        for d in 0..<days { for h in 0..<24 { out.append(poisson(dailyLevel * Self.weekly[d % 7] * shape[h])) } }
        return out
    }
}

enum ForecastTestDates {
    /// 2026-01-01T00:00:00Z, a Thursday.
    static let start = Date(timeIntervalSince1970: 1_767_225_600)
    static let utc = TimeZone(identifier: "UTC") ?? .current
}

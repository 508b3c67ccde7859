import Foundation

/// Synthetic placement traffic: a weekly pattern, a trend, overdispersed noise, holidays and
/// one-off spikes; daily totals, and hourly series that spread them over a day-shaped profile.
struct BenchSynthetic {
    struct Daily {
        var values: [Double]
        /// The mean the counts were drawn around (no holidays), for checking forecasts.
        var mean: [Double]
        /// Coefficient of variation of the extra (beyond Poisson) day-to-day noise.
        var cv: Double = 0
    }

    static func weeklyProfile(_ rng: inout BenchRandom) -> [Double] {
        // Weekday/weekend shapes of different strength, normalised to mean 1.
        let weekend = rng.uniform(0.35, 1.1)
        let friday = rng.uniform(0.9, 1.3)
        var p = [1.0, 1.0, 1.0, 1.0, friday, weekend, weekend * rng.uniform(0.8, 1.1)].map {
            $0 * rng.uniform(0.92, 1.08)
        }
        let c = p.reduce(0, +) / 7
        p = p.map { $0 / c }
        return p
    }

    static func daily(
        days: Int, rng: inout BenchRandom, holidays: Bool = true, levelRange: ClosedRange<Double> = 30...3000,
        cvRange: ClosedRange<Double> = 0.05...0.2
    ) -> Daily {
        let level = exp(rng.uniform(log(levelRange.lowerBound), log(levelRange.upperBound)))
        let yearlyGrowth = rng.uniform(-0.4, 0.8)
        let profile = weeklyProfile(&rng)
        let phase = Int(rng.uniform(0, 7))
        let cv = rng.uniform(cvRange.lowerBound, cvRange.upperBound)
        let wobbleAmp = rng.uniform(0, 0.15)
        let wobblePeriod = rng.uniform(80, 200)
        var values = [Double](repeating: 0, count: days)
        var mean = values
        for t in 0..<days {
            let trend = max(0.2, 1 + yearlyGrowth * Double(t) / 365)
            let wobble = 1 + wobbleAmp * sin(2 * .pi * Double(t) / wobblePeriod)
            let mu = max(0.5, level * trend * wobble * profile[(t + phase) % 7])
            mean[t] = mu
            values[t] = rng.count(mu, cv: cv)
        }
        if holidays {
            // About 8 holidays a year (dips) and 3 one-off promotions (spikes).
            for _ in 0..<max(1, days * 8 / 365) {
                let t = Int(rng.uniform(0, Double(days)))
                values[t] = (values[t] * rng.uniform(0.2, 0.6)).rounded()
            }
            for _ in 0..<max(1, days * 3 / 365) {
                let t = Int(rng.uniform(0, Double(days)))
                values[t] = (values[t] * rng.uniform(1.8, 3.5)).rounded()
            }
        }
        return Daily(values: values, mean: mean, cv: cv)
    }

    /// Hourly counts whose daily totals follow `dailyMean`, with a day-shaped profile (quiet nights,
    /// a day peak) that differs a little at weekends.
    static func hourly(dailyMean: [Double], rng: inout BenchRandom, cv: Double = 0.1) -> [Double] {
        let peak = rng.uniform(11, 19)
        let width = rng.uniform(3, 6)
        var shape = (0..<24).map { h -> Double in
            let d = Double(h) - peak
            return 0.03 + exp(-d * d / (2 * width * width))
        }
        let c = shape.reduce(0, +)
        shape = shape.map { $0 / c }
        var out: [Double] = []
        out.reserveCapacity(dailyMean.count * 24)
        for day in dailyMean {
            for h in 0..<24 { out.append(rng.count(day * shape[h], cv: cv)) }
        }
        return out
    }
}

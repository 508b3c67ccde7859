import Foundation

/// SplitMix64: small, fast, seedable, good enough for synthetic data.
struct BenchRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }
    mutating func gaussian() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
    /// Poisson: Knuth for small means, a rounded normal above 50.
    mutating func poisson(_ mean: Double) -> Double {
        if mean <= 0 { return 0 }
        if mean > 50 { return max(0, (mean + mean.squareRoot() * gaussian()).rounded()) }
        let l = exp(-mean)
        var k = 0.0, p = 1.0
        repeat { k += 1; p *= uniform() } while p > l
        return k - 1
    }
    /// Overdispersed count: Poisson around mean × lognormal noise with coefficient `cv`.
    mutating func count(_ mean: Double, cv: Double) -> Double {
        poisson(mean * exp(cv * gaussian() - cv * cv / 2))
    }
}

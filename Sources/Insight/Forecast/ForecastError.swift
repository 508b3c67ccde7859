import Foundation

/// Every way a forecast or anomaly request can be refused. Each case carries what the caller needs to
/// fix the input, and `message` is a sentence fit for an HTTP 400 body or a CLI error line.
package enum ForecastError: Error, Equatable, Sendable {
    /// No points at all.
    case emptySeries
    /// A value below zero at `index`: counts cannot be negative.
    case negativeValue(index: Int, value: Double)
    /// NaN or ±infinity at `index`.
    case nonFiniteValue(index: Int)
    /// More points than `ForecastLimits.maxPoints`; refused before any work so it stays quick.
    case tooManyPoints(count: Int, maximum: Int)
    /// Horizon outside `1...ForecastLimits.maxHorizon`.
    case invalidHorizon(Int, maximum: Int)
    /// Season length outside `1...ForecastLimits.maxSeasonLength`.
    case invalidSeasonLength(Int, maximum: Int)
    /// Two points share the same timestamp (after rounding to the series step).
    case duplicateDate(Date)
    /// A missing step while the builder was told to reject gaps.
    case gap(after: Date, missing: Int)
    /// Anomaly inputs whose parallel arrays differ in length (impressions vs conversions).
    case mismatchedLengths(String)
    /// Conversions above impressions in hour `index` of variant `variant`.
    case conversionsExceedImpressions(variant: String, index: Int)

    package var message: String {
        switch self {
        case .emptySeries:
            return "the series is empty: send at least one point"
        case .negativeValue(let i, let v):
            return "value \(v) at position \(i) is negative; counts must be 0 or more"
        case .nonFiniteValue(let i):
            return "value at position \(i) is not a finite number (NaN or infinity)"
        case .tooManyPoints(let n, let max):
            return "the series has \(n) points; at most \(max) are accepted"
        case .invalidHorizon(let h, let max):
            return "horizon \(h) is out of range; use 1 to \(max)"
        case .invalidSeasonLength(let m, let max):
            return "season length \(m) is out of range; use 1 to \(max)"
        case .duplicateDate(let d):
            return "two points share the date \(ForecastError.iso(d)); send one value per step"
        case .gap(let d, let missing):
            return
                "\(missing) step(s) missing after \(ForecastError.iso(d)); fill them (e.g. with 0) or allow gap filling"
        case .mismatchedLengths(let what):
            return "series lengths differ: \(what)"
        case .conversionsExceedImpressions(let v, let i):
            return "variant \(v) has more conversions than impressions at position \(i)"
        }
    }

    private static func iso(_ d: Date) -> String {
        // A fresh formatter per call: error paths are rare and this keeps the type Sendable-trivial.
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }
}

extension ForecastError: LocalizedError {
    package var errorDescription: String? { message }
}

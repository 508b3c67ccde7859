import Foundation

/// How long raw events are kept, and how large the database may grow. Older events are folded
/// into per-day totals (`EventFolder`) that `sitegen stats`, the report and forecasts keep
/// counting; only the row-by-row detail (propensities, probability vectors, per-hour times) goes.
package struct RetentionPolicy: Sendable, Equatable {
    /// Raw decisions older than this are folded; nil keeps them forever.
    package var maxAge: TimeInterval?
    /// Beyond this many bytes in use, the oldest remaining days are folded too, a day at a time,
    /// until the database is under it again; nil for no limit. Folding frees pages inside the
    /// file, which SQLite reuses, so the file stops growing near this size rather than shrinking.
    package var maxBytes: Int64?

    package init(maxAge: TimeInterval? = RetentionPolicy.defaultMaxAge, maxBytes: Int64? = nil) {
        self.maxAge = maxAge
        self.maxBytes = maxBytes
    }

    package static let defaultMaxAge: TimeInterval = 90 * 86_400
    package static let keepEverything = RetentionPolicy(maxAge: nil, maxBytes: nil)

    /// Parses a size such as `500MB`, `2GB`, `750000000` (bytes; K, M, G, T in powers of 1000,
    /// KiB, MiB, GiB, TiB in powers of 1024, case-insensitive, a trailing B optional).
    package static func parseSize(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = trimmed.prefix { $0.isNumber || $0 == "." }
        guard let number = Double(digits), number > 0 else { return nil }
        let units: [String: Double] = [
            "": 1, "b": 1, "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
            "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776,
        ]
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        guard let scale = units[unit] else { return nil }
        let bytes = number * scale
        guard bytes >= 1, bytes < 9e18 else { return nil }
        return Int64(bytes)
    }
}

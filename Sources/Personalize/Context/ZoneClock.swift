import Foundation

/// Local hour and ISO weekday of an instant in one IANA time zone, in a few nanoseconds.
///
/// `Calendar.dateComponents` costs microseconds per call; instead the zone's UTC offsets are
/// precomputed once as a sorted list of transitions (DST and any change of standard time) for
/// 1970–2100, and a lookup is a binary search. Instants outside that span ask Foundation.
struct ZoneClock: Sendable {
    let timeZone: TimeZone
    /// Seconds since 1970 at which `offsets[i]` starts to apply; `starts[0]` is the span's start.
    private let starts: [Int64]
    private let offsets: [Int32]
    private static let spanStart: Int64 = 0  // 1970-01-01T00:00:00Z
    private static let spanEnd: Int64 = 4_102_444_800  // 2100-01-01T00:00:00Z

    init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var starts: [Int64] = [Self.spanStart]
        var offsets: [Int32] = [
            Int32(
                timeZone.secondsFromGMT(
                    for: Date(timeIntervalSince1970: TimeInterval(Self.spanStart))))
        ]
        var cursor = Date(timeIntervalSince1970: TimeInterval(Self.spanStart))
        while let transition = timeZone.nextDaylightSavingTimeTransition(after: cursor),
            transition.timeIntervalSince1970 < TimeInterval(Self.spanEnd),
            transition > cursor
        {
            let offset = Int32(timeZone.secondsFromGMT(for: transition))
            if offset != offsets[offsets.count - 1] {
                starts.append(Int64(transition.timeIntervalSince1970.rounded(.down)))
                offsets.append(offset)
            }
            cursor = transition
        }
        self.starts = starts
        self.offsets = offsets
    }

    /// UTC offset in seconds at `seconds` since 1970.
    func offset(at seconds: Int64) -> Int {
        guard seconds >= Self.spanStart, seconds < Self.spanEnd else {
            return timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        }
        // Last transition at or before `seconds`.
        var low = 0
        var high = starts.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if starts[mid] <= seconds { low = mid } else { high = mid }
        }
        return Int(offsets[low])
    }

    /// Local hour (0–23) and ISO weekday (1 = Monday … 7 = Sunday) of `date`.
    func hourAndWeekday(_ date: Date) -> (hour: Int, weekday: Int) {
        let interval = date.timeIntervalSince1970
        // NaN or absurd dates from a broken clock: fall back to the epoch rather than trap.
        let seconds = interval.isFinite && abs(interval) < 1e15 ? Int64(interval.rounded(.down)) : 0
        let local = seconds + Int64(offset(at: seconds))
        let (days, secondOfDay) = Self.floorDivide(local, 86_400)
        // 1970-01-01 was a Thursday (ISO 4).
        let weekday = Int(Self.floorDivide(days + 3, 7).remainder) + 1
        return (Int(secondOfDay / 3600), weekday)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (quotient: Int64, remainder: Int64) {
        let r = a % b
        return r < 0 ? (a / b - 1, r + b) : (a / b, r)
    }
}

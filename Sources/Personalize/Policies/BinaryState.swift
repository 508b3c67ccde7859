/// Little-endian byte writer and bounds-checked reader for the serialised bandit state.
struct StateWriter {
    var bytes: [UInt8] = []

    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func f64(_ v: Double) { u64(v.bitPattern) }
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        u32(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }
    mutating func stats(_ s: SufficientStats) {
        f64(s.trials)
        f64(s.conversions)
        f64(s.reward)
        f64(s.rewardSquares)
    }
}

struct StateReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { offset == bytes.count }

    mutating func take(_ n: Int) throws(PersonalizeError) -> ArraySlice<UInt8> {
        guard n >= 0, bytes.count - offset >= n else {
            throw BanditErrors.corruptState("truncated at byte \(offset) of \(bytes.count)")
        }
        defer { offset += n }
        return bytes[offset..<offset + n]
    }

    mutating func u32() throws(PersonalizeError) -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws(PersonalizeError) -> UInt64 {
        try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A count of items each at least `minimumSize` bytes: checked against the bytes left so a
    /// corrupt count cannot ask for a huge allocation.
    /// An impression or conversion count. Far above any real campaign, and low enough that
    /// counting on from it can never overflow `Int`; a larger value is a damaged state.
    mutating func tally() throws(PersonalizeError) -> Int {
        let value = try u64()
        guard value <= 1 << 53 else { throw BanditErrors.corruptState("count \(value) is out of range") }
        return Int(value)
    }

    mutating func count(minimumSize: Int) throws(PersonalizeError) -> Int {
        let n = Int(try u32())
        guard n * max(minimumSize, 1) <= bytes.count - offset else {
            throw BanditErrors.corruptState("count \(n) at byte \(offset - 4) exceeds the data")
        }
        return n
    }

    mutating func f64() throws(PersonalizeError) -> Double {
        let v = Double(bitPattern: try u64())
        guard v.isFinite else { throw BanditErrors.corruptState("non-finite number at byte \(offset - 8)") }
        return v
    }

    mutating func string() throws(PersonalizeError) -> String {
        let n = try count(minimumSize: 1)
        let raw = try take(n)
        guard let s = String(validating: raw, as: UTF8.self) else {
            throw BanditErrors.corruptState("invalid UTF-8 at byte \(offset - n)")
        }
        return s
    }

    mutating func stats() throws(PersonalizeError) -> SufficientStats {
        let s = SufficientStats(trials: try f64(), conversions: try f64(), reward: try f64(), rewardSquares: try f64())
        guard s.trials >= 0, s.conversions >= 0, s.reward >= 0, s.rewardSquares >= 0 else {
            throw BanditErrors.corruptState("negative statistic before byte \(offset)")
        }
        return s
    }
}

/// FNV-1a, 64-bit: detects flipped or missing bytes in a stored state (not tampering).
func fnv1a(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes {
        hash ^= UInt64(b)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
}

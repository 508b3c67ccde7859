/// A header name prepared once for ASCII case-insensitive comparison against incoming names.
struct HeaderName: Sendable, Hashable {
    /// Lowercased UTF-8 bytes of the name.
    let lowered: [UInt8]

    init(_ name: String) {
        lowered = name.utf8.map(ASCII.lowercase)
    }

    /// Whether `name` equals this one ignoring ASCII case, without allocating.
    func matches(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { matches($0) }
    }

    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == lowered.count else { return false }
        for i in 0..<bytes.count where ASCII.lowercase(bytes[i]) != lowered[i] { return false }
        return true
    }
}

/// Byte-level helpers: the hot path never goes through Foundation or Character.
enum ASCII {
    @inline(__always)
    static func lowercase(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- 0x61 < 26
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10
    }

    /// A String of `bytes` lowercased, built without the generic (and dynamically cast) paths of
    /// `String(decoding:as:)` over a lazy collection.
    static func lowercasedString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            for i in 0..<bytes.count { buffer[i] = lowercase(bytes[i]) }
            return bytes.count
        }
    }
}

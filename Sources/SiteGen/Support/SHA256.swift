/// SHA-256 (FIPS 180-4) in pure Swift: content hashes for fingerprints, incremental rebuilds and the
/// manifest, and the hash under `HMACSHA256` for the runtime's cookies. Works on raw buffers, whole
/// 64-byte blocks straight from the caller's memory, so hashing allocates nothing per byte.
public struct SHA256: Sendable {
    /// A finished hash: 32 bytes, held inline so that HMAC's inner hash and a cookie's MAC
    /// never touch the heap.
    public struct Digest: Sendable, Hashable, CustomStringConvertible {
        /// The eight state words, stored big-endian: in memory, the digest's bytes in order.
        private let words: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

        fileprivate init(_ h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)) {
            words = (
                h.0.bigEndian, h.1.bigEndian, h.2.bigEndian, h.3.bigEndian, h.4.bigEndian, h.5.bigEndian,
                h.6.bigEndian, h.7.bigEndian
            )
        }

        /// The 32 bytes, in order, without copying them.
        public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
            try Swift.withUnsafeBytes(of: words, body)
        }

        public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

        /// Lower-case hexadecimal, 64 characters.
        public var hex: String { withUnsafeBytes { Hex.encode($0) } }
        public var description: String { hex }

        public static func == (lhs: Digest, rhs: Digest) -> Bool {
            lhs.withUnsafeBytes { l in rhs.withUnsafeBytes { r in l.elementsEqual(r) } }
        }

        public func hash(into hasher: inout Hasher) {
            withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }

    public static let blockSize = 64

    private var h0: UInt32 = 0x6a09_e667, h1: UInt32 = 0xbb67_ae85, h2: UInt32 = 0x3c6e_f372
    private var h3: UInt32 = 0xa54f_f53a, h4: UInt32 = 0x510e_527f, h5: UInt32 = 0x9b05_688c
    private var h6: UInt32 = 0x1f83_d9ab, h7: UInt32 = 0x5be0_cd19
    /// 64 bytes of storage held inline, so a hasher (and a copy of one, as HMAC makes per
    /// message) never touches the heap.
    private typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    private static let emptyBlock: Block = (0, 0, 0, 0, 0, 0, 0, 0)
    /// The first `partialCount` bytes: an incomplete block waiting for more input.
    private var partial: Block = emptyBlock
    private var partialCount = 0
    private var byteCount: UInt64 = 0

    public init() {}

    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    public static func hash(_ bytes: [UInt8]) -> Digest {
        bytes.withUnsafeBytes { hash($0) }
    }

    public static func hash(_ text: String) -> Digest {
        var text = text
        return text.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        byteCount &+= UInt64(bytes.count)
        var offset = 0
        if partialCount > 0 {
            let take = min(Self.blockSize - partialCount, bytes.count)
            appendPartial(UnsafeRawBufferPointer(rebasing: bytes[0..<take]))
            offset = take
            guard partialCount == Self.blockSize else { return }
            // A copy, so that compressing (which mutates self) does not overlap the read of it.
            let block = partial
            withUnsafeBytes(of: block) { compress($0) }
            partialCount = 0
        }
        let wholeBlocks = (bytes.count - offset) / Self.blockSize * Self.blockSize
        if wholeBlocks > 0 {
            compress(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + wholeBlocks)]))
            offset += wholeBlocks
        }
        if offset < bytes.count {
            appendPartial(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
        }
    }

    private mutating func appendPartial(_ bytes: UnsafeRawBufferPointer) {
        let start = partialCount
        withUnsafeMutableBytes(of: &partial) { block in
            UnsafeMutableRawBufferPointer(rebasing: block[start..<(start + bytes.count)]).copyMemory(from: bytes)
        }
        partialCount += bytes.count
    }

    /// Pads, processes the last block(s) and returns the digest; the hasher is spent afterwards.
    public consuming func finalize() -> Digest {
        let bitLength = byteCount &* 8
        // 0x80, zeros, then the message length in bits as 8 big-endian bytes, ending on a block edge.
        let paddedLength = partialCount + 1 + 8 <= Self.blockSize ? Self.blockSize : 2 * Self.blockSize
        let paddingCount = paddedLength - partialCount
        var padding = (Self.emptyBlock, Self.emptyBlock)
        withUnsafeMutableBytes(of: &padding) { tail in
            tail[0] = 0x80
            for i in 0..<8 {
                tail[paddingCount - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> UInt64(8 * i))
            }
        }
        withUnsafeBytes(of: padding) { update(UnsafeRawBufferPointer(rebasing: $0[0..<paddingCount])) }
        return Digest((h0, h1, h2, h3, h4, h5, h6, h7))
    }

    /// Runs the compression function over whole blocks; `blocks.count` is a multiple of 64.
    private mutating func compress(_ blocks: UnsafeRawBufferPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            Self.roundConstants.withUnsafeBufferPointer { k in
                var blockStart = 0
                while blockStart < blocks.count {
                    for i in 0..<16 {
                        w[i] = UInt32(
                            bigEndian: blocks.loadUnaligned(
                                fromByteOffset: blockStart + i * 4, as: UInt32.self))
                    }
                    for i in 16..<64 {
                        let x = w[i - 15], y = w[i - 2]
                        let s0 = x.rotateRight(7) ^ x.rotateRight(18) ^ (x >> 3)
                        let s1 = y.rotateRight(17) ^ y.rotateRight(19) ^ (y >> 10)
                        w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
                    }
                    var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                    for i in 0..<64 {
                        let s1 = e.rotateRight(6) ^ e.rotateRight(11) ^ e.rotateRight(25)
                        let choice = (e & f) ^ (~e & g)
                        let t1 = h &+ s1 &+ choice &+ k[i] &+ w[i]
                        let s0 = a.rotateRight(2) ^ a.rotateRight(13) ^ a.rotateRight(22)
                        let majority = (a & b) ^ (a & c) ^ (b & c)
                        let t2 = s0 &+ majority
                        h = g; g = f; f = e; e = d &+ t1
                        d = c; c = b; b = a; a = t1 &+ t2
                    }
                    h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
                    h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
                    blockStart += Self.blockSize
                }
            }
        }
    }

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}

extension UInt32 {
    @inline(__always)
    fileprivate func rotateRight(_ count: UInt32) -> UInt32 {
        (self >> count) | (self << (32 - count))
    }
}

/// Lower-case hexadecimal, built in one pass without per-byte strings: content hashes, QR
/// colours, and the runtime's decision ids and cookie MACs.
package enum Hex {
    @usableFromInline static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Inlinable: the runtime encodes every new visitor's decision id and cookie MAC, and an
    /// unspecialised generic call from another module costs more than the encoding.
    @inlinable
    package static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        String(unsafeUninitializedCapacity: bytes.count * 2) { write(bytes, into: $0) }
    }

    /// Writes the digits into `out` (at least twice as long as `bytes`) and returns their count.
    @inlinable
    package static func write<Bytes: Collection>(_ bytes: Bytes, into out: UnsafeMutableBufferPointer<UInt8>) -> Int
    where Bytes.Element == UInt8 {
        var i = 0
        for byte in bytes {
            out[i] = digits[Int(byte >> 4)]
            out[i + 1] = digits[Int(byte & 0x0F)]
            i += 2
        }
        return i
    }
}

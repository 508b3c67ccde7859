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

    // Concrete overloads for the request path (a new visitor's decision id and cookie MAC): the
    // generic versions above ran unspecialised across the module boundary there, walking a
    // `Slice` through witness tables and generic-metadata lookups for every byte.

    /// `encode` for bytes in memory.
    package static func encode(_ bytes: UnsafeMutableBufferPointer<UInt8>) -> String {
        encode(UnsafeRawBufferPointer(bytes))
    }

    package static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { write(bytes, into: $0) }
    }

    /// `write` for bytes in memory.
    package static func write(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let table: StaticString = "0123456789abcdef"
        return table.withUTF8Buffer { digits in
            var i = 0
            for byte in bytes {
                out[i] = digits[Int(byte >> 4)]
                out[i + 1] = digits[Int(byte & 0x0F)]
                i += 2
            }
            return i
        }
    }
}

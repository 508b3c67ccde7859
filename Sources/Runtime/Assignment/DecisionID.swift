/// Decision ids: 128 random bits from the system generator, as 32 lowercase hex digits. They
/// appear in cookies and in the API, so they must not be guessable from one another.
enum DecisionID {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: low >> UInt64(shift))) }
        return Hex.encode(bytes)
    }

    static func isValid(_ id: Substring) -> Bool {
        id.utf8.count == 32 && id.utf8.allSatisfy { $0.isLowerHexDigit }
    }
}

enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            var i = 0
            for byte in bytes {
                buffer[i] = digits[Int(byte >> 4)]
                buffer[i + 1] = digits[Int(byte & 0x0F)]
                i += 2
            }
            return i
        }
    }
}

import Foundation
import Synchronization

/// Decision ids: 128 bits from the kernel's CSPRNG, as 32 lowercase hex digits. They appear in
/// cookies and in the API, so they must not be predictable from one another (a seeded PRNG's
/// state can be recovered from its outputs).
enum DecisionID {
    static func make() -> String {
        Hex.encode(RandomPool.shared.take16())
    }

    static func isValid(_ id: Substring) -> Bool {
        id.utf8.count == 32 && id.utf8.allSatisfy { $0.isLowerHexDigit }
    }
}

/// Kernel randomness fetched 4 KiB at a time from /dev/urandom: a few system calls per 256 ids
/// instead of two per new visitor.
final class RandomPool: Sendable {
    static let shared = RandomPool()
    private static let size = 4096

    private struct State {
        var bytes: [UInt8]
        var offset: Int
    }

    private let state = Mutex(State(bytes: [], offset: 0))

    func take16() -> [UInt8] {
        state.withLock { state in
            if state.offset + 16 > state.bytes.count {
                state.bytes = Self.fill()
                state.offset = 0
            }
            defer { state.offset += 16 }
            return Array(state.bytes[state.offset..<(state.offset + 16)])
        }
    }

    private static func fill() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        if let urandom = FileHandle(forReadingAtPath: "/dev/urandom") {
            let data = (try? urandom.read(upToCount: size)) ?? Data()
            try? urandom.close()
            bytes.replaceSubrange(0..<data.count, with: data)
            filled = data.count
        }
        if filled < size {
            // No /dev/urandom (a chroot, say): the system generator is the same CSPRNG.
            var generator = SystemRandomNumberGenerator()
            for i in filled..<size { bytes[i] = UInt8.random(in: .min ... .max, using: &generator) }
        }
        return bytes
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

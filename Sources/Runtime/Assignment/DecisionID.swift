import DistFormat
import Foundation
import Synchronization

/// Decision ids: 32 lowercase hex digits, the first 12 the milliseconds since 1970 and the other
/// 20 (80 bits) from the kernel's CSPRNG. The random part keeps ids unguessable from one another
/// (they appear in cookies and in the API; a seeded PRNG's state could be recovered from its
/// outputs). The time prefix makes ids grow like the table: each is inserted at the right edge of
/// the store's unique index instead of on a random page, so a commit of a thousand impressions
/// rewrites a few dozen pages, not a thousand.
package enum DecisionID {
    static let randomBytes = 10

    package static func make(at date: Date = Date()) -> String {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        // On the stack: this runs for every new visitor.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 6 + randomBytes) { bytes in
            for i in 0..<6 {
                bytes[i] = UInt8(truncatingIfNeeded: milliseconds >> UInt64(40 - 8 * i))
            }
            RandomPool.shared.fill(UnsafeMutableBufferPointer(rebasing: bytes[6...]))
            return Hex.encode(bytes)
        }
    }

    static func isValid(_ id: Substring) -> Bool {
        id.utf8.count == 32 && id.utf8.allSatisfy { $0.isLowerHexDigit }
    }
}

/// Kernel randomness fetched 4 KiB at a time from /dev/urandom: a few system calls per 400 ids
/// instead of two per new visitor.
final class RandomPool: Sendable {
    static let shared = RandomPool()
    private static let size = 4096

    private struct State {
        var bytes: [UInt8]
        var offset: Int
    }

    private let state = Mutex(State(bytes: [], offset: 0))

    /// Fills `target` (at most `size` bytes) with fresh random bytes.
    func fill(_ target: UnsafeMutableBufferPointer<UInt8>) {
        state.withLock { state in
            if state.offset + target.count > state.bytes.count {
                state.bytes = Self.fill()
                state.offset = 0
            }
            state.bytes.withUnsafeBufferPointer { source in
                _ = target.initialize(fromContentsOf: source[state.offset..<(state.offset + target.count)])
            }
            state.offset += target.count
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

/// HMAC-SHA256 (RFC 2104): the runtime signs assignment cookies with it. The key's inner and
/// outer pads are hashed once at init, so each signature costs two block compressions fewer.
public struct HMACSHA256: Sendable {
    private let inner: SHA256
    private let outer: SHA256

    public init(key: [UInt8]) {
        var block = key.count > SHA256.blockSize ? SHA256.hash(key).bytes : key
        block.append(contentsOf: repeatElement(0, count: SHA256.blockSize - block.count))
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        self.inner = inner
        self.outer = outer
    }

    public func authenticationCode(for message: UnsafeRawBufferPointer) -> SHA256.Digest {
        var inner = self.inner
        inner.update(message)
        var outer = self.outer
        inner.finalize().withUnsafeBytes { outer.update($0) }
        return outer.finalize()
    }

    public func authenticationCode(for message: [UInt8]) -> SHA256.Digest {
        message.withUnsafeBytes { authenticationCode(for: $0) }
    }

    public func authenticationCode(for message: String) -> SHA256.Digest {
        var message = message
        return message.withUTF8 { authenticationCode(for: UnsafeRawBufferPointer($0)) }
    }

    /// Checks a presented code in time independent of where it differs, so a forged cookie
    /// cannot be guessed byte by byte from response timings.
    public func isValid(_ code: [UInt8], for message: [UInt8]) -> Bool {
        constantTimeEquals(code, authenticationCode(for: message).bytes)
    }
}

/// Compares without an early exit; a length mismatch is not secret and returns at once.
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for i in 0..<a.count { difference |= a[i] ^ b[i] }
    return difference == 0
}

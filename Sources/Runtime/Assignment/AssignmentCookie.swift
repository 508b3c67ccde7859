import Crypto
import DistFormat

/// The signed record of which variant a visitor was given, so a returning visitor keeps it and
/// their conversions join the right decision.
///
/// Value: `<variant>.<decision id>.<issued-at unix seconds>.<mac>`, where mac is the first 16 bytes
/// (hex) of HMAC-SHA256 over `<site>|<variant>|<decision id>|<issued-at>` with the store's secret.
/// The site is inside the MAC so a cookie cannot be replayed against another site.
package struct AssignmentCookie: Sendable, Equatable {
    package var variant: String
    package var decisionID: String
    package var issuedAt: Int

    package init(variant: String, decisionID: String, issuedAt: Int) {
        self.variant = variant
        self.decisionID = decisionID
        self.issuedAt = issuedAt
    }

    /// Cookies live 30 days; a value older than that is ignored even if a client kept it.
    package static let lifetime = 30 * 24 * 3600
    /// Clock skew tolerated for values issued "in the future" (another instance, a stepped clock).
    static let futureTolerance = 300
    static let macBytes = 16
}

/// Signs and verifies assignment cookies with one key; cheap to share. HMAC-SHA256 is
/// swift-crypto's (BoringSSL's assembly); the keyed inner state is set up once and copied per
/// signature.
package struct CookieSigner: Sendable {
    private let keyed: HMAC<SHA256>
    /// Values already verified, so a returning visitor's MAC is computed once per process.
    private let verified = VerifiedCookies()

    package init(secret: [UInt8]) {
        self.keyed = HMAC<SHA256>(key: SymmetricKey(data: secret))
    }

    package func encode(_ cookie: AssignmentCookie, site: String) -> String {
        let issued = String(cookie.issuedAt)
        let mac = mac(site: site, cookie, issued: issued)
        // `<variant>.<id>.<issued>.` and the MAC's hex, written in place: every new visitor's
        // cookie is signed, and joining strings would allocate for each piece.
        let shown = (cookie.variant, cookie.decisionID, issued, "")
        let length = Self.joinedLength(shown) + 2 * AssignmentCookie.macBytes
        return String(unsafeUninitializedCapacity: length) { out in
            let at = Self.writeJoined(shown, separator: UInt8(ascii: "."), into: out)
            return mac.withUnsafeBytes { digest in
                at
                    + Hex.write(
                        UnsafeRawBufferPointer(rebasing: digest[..<AssignmentCookie.macBytes]),
                        into: UnsafeMutableBufferPointer(rebasing: out[at...]))
            }
        }
    }

    /// Nil for anything not issued by us for this site within the lifetime; callers then treat the
    /// visitor as new. Every field is hostile: lengths and alphabets are checked before the MAC.
    package func verify(_ value: Substring, site: String, now: Int) -> AssignmentCookie? {
        guard value.utf8.count <= 128 else { return nil }
        if let known = verified.lookup(value, site: site) {
            return Self.isFresh(known.issuedAt, now: now) ? known : nil
        }
        guard let cookie = verifyUncached(value, site: site, now: now) else { return nil }
        verified.insert(value, site: site, cookie)
        return cookie
    }

    private static func isFresh(_ issuedAt: Int, now: Int) -> Bool {
        issuedAt <= now + AssignmentCookie.futureTolerance && now - issuedAt <= AssignmentCookie.lifetime
    }

    private func verifyUncached(_ value: Substring, site: String, now: Int) -> AssignmentCookie? {
        let parts = value.utf8.split(separator: UInt8(ascii: "."), maxSplits: 4, omittingEmptySubsequences: false)
            .map { Substring($0) }
        guard parts.count == 4 else { return nil }
        let variant = parts[0], id = parts[1], issued = parts[2], macHex = parts[3]
        guard VariantIdentifier.isValid(variant),
            DecisionID.isValid(id),
            issued.utf8.count <= 12, let issuedAt = Int(issued), issuedAt > 0,
            macHex.utf8.count == AssignmentCookie.macBytes * 2, let presented = Self.bytes(fromHex: macHex)
        else { return nil }
        guard Self.isFresh(issuedAt, now: now) else { return nil }
        let cookie = AssignmentCookie(variant: String(variant), decisionID: String(id), issuedAt: issuedAt)
        let expected = mac(site: site, cookie, issued: String(issuedAt)).withUnsafeBytes {
            Array($0.prefix(AssignmentCookie.macBytes))
        }
        guard constantTimeEquals(presented, expected) else { return nil }
        return cookie
    }

    /// HMAC over `<site>|<variant>|<decision id>|<issued>`, the message laid out on the stack.
    private func mac(site: String, _ cookie: AssignmentCookie, issued: String) -> HMAC<SHA256>.MAC {
        let signed = (site, cookie.variant, cookie.decisionID, issued)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.joinedLength(signed)) { buffer in
            let count = Self.writeJoined(signed, separator: UInt8(ascii: "|"), into: buffer)
            var authenticator = keyed
            authenticator.update(data: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[..<count])))
            return authenticator.finalize()
        }
    }

    private typealias Pieces = (String, String, String, String)

    private static func joinedLength(_ pieces: Pieces) -> Int {
        pieces.0.utf8.count + pieces.1.utf8.count + pieces.2.utf8.count + pieces.3.utf8.count + 3
    }

    /// Writes the pieces joined by `separator` into `out` (at least `joinedLength` long) and
    /// returns how many bytes that was.
    private static func writeJoined(_ pieces: Pieces, separator: UInt8, into out: UnsafeMutableBufferPointer<UInt8>)
        -> Int
    {
        var at = 0
        func put(_ piece: String, after separated: Bool) {
            if separated {
                out[at] = separator
                at += 1
            }
            for byte in piece.utf8 {
                out[at] = byte
                at += 1
            }
        }
        put(pieces.0, after: false)
        put(pieces.1, after: true)
        put(pieces.2, after: true)
        put(pieces.3, after: true)
        return at
    }

    private static func bytes(fromHex hex: Substring) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for byte in hex.utf8 {
            guard let nibble = byte.lowerHexValue else { return nil }
            if let h = high {
                result.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return result
    }
}

/// Variant ids as the build allows them: `[a-z0-9][a-z0-9-]{0,39}`.
enum VariantIdentifier {
    static func isValid(_ id: Substring) -> Bool {
        let utf8 = id.utf8
        guard let first = utf8.first, utf8.count <= 40, first != UInt8(ascii: "-") else { return false }
        return utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }
}

extension UInt8 {
    var isLowerHexDigit: Bool { (self >= 0x30 && self <= 0x39) || (self >= 0x61 && self <= 0x66) }
    var lowerHexValue: UInt8? {
        if self >= 0x30 && self <= 0x39 { return self - 0x30 }
        if self >= 0x61 && self <= 0x66 { return self - 0x61 + 10 }
        return nil
    }
}

/// Compares without an early exit, so a forged MAC cannot be guessed byte by byte from response
/// timings; a length mismatch is not secret and returns at once. (The cookie carries a truncated
/// MAC, which swift-crypto's own comparison of whole codes does not cover.)
func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for i in 0..<a.count { difference |= a[i] ^ b[i] }
    return difference == 0
}

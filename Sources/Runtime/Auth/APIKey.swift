import Crypto
import DistFormat

/// A key as a caller holds it: `sgk_<id>_<secret>`, where `id` is 8 random bytes and `secret` 32,
/// both in lower-case hex (85 characters in all). The prefix makes a leaked key easy to recognise
/// (and to search for in logs and repositories); the id names the key in `sitegen keys list` and
/// `revoke` and finds its row without comparing against every stored hash.
///
/// Only `hash` is stored. A plain SHA-256 is enough here: the secret is 256 random bits, so there
/// is no dictionary to try and nothing a slow password hash (bcrypt, scrypt, Argon2: made to
/// stretch guessable human passwords) would add; reversing or brute-forcing SHA-256 of 256 random
/// bits is out of reach.
package struct APIKey: Sendable {
    package static let prefix = "sgk_"
    static let idBytes = 8
    static let secretBytes = 32
    package static let length = prefix.utf8.count + 2 * idBytes + 1 + 2 * secretBytes

    package let id: String
    /// The whole key, to show once; never stored, never logged.
    package let text: String

    /// A fresh key from the system's secure random source (getrandom(2) on Linux).
    package static func generate() -> APIKey {
        var generator = SystemRandomNumberGenerator()
        let id = Hex.encode((0..<idBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let secret = Hex.encode((0..<secretBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        return APIKey(id: id, text: prefix + id + "_" + secret)
    }

    /// What is stored in place of the key.
    package var hash: [UInt8] { Self.hash(text[...]) }

    static func hash(_ text: Substring) -> [UInt8] {
        Array(SHA256.hash(data: Array(text.utf8)))
    }

    /// The id of a presented key, or nil for anything not shaped like one of ours (checked before
    /// any lookup, so a hostile header costs nothing more than this walk).
    static func id(of presented: Substring) -> Substring? {
        let bytes = presented.utf8
        guard bytes.count == length, bytes.starts(with: prefix.utf8) else { return nil }
        let body = bytes.dropFirst(prefix.utf8.count)
        let separator = body.index(body.startIndex, offsetBy: 2 * idBytes)
        guard body[separator] == UInt8(ascii: "_"),
            body[..<separator].allSatisfy(Self.isLowerHex),
            body[body.index(after: separator)...].allSatisfy(Self.isLowerHex)
        else { return nil }
        return Substring(body[..<separator])
    }

    /// Whether `text` could be a key id (as `sitegen keys revoke` takes it).
    package static func isID(_ text: String) -> Bool {
        text.utf8.count == 2 * idBytes && text.utf8.allSatisfy(isLowerHex)
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}

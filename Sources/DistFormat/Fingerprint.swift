/// Content-addressed asset names: `css/site.css` → `css/site.3f2a1b9c.css`. A changed file gets a
/// new URL, so the runtime can serve assets with a year-long immutable cache.
import Crypto

package enum Fingerprint {
    /// Hex characters of the SHA-256 kept in the name: 32 bits is plenty to tell apart versions of
    /// one path (collisions only matter between versions of the same file).
    package static let length = 8

    /// Inserts the first 8 hex characters of `digest` before the extension of the last path
    /// component (after it when there is no extension).
    package static func path(_ path: String, digest: SHA256.Digest) -> String {
        Fingerprint.path(path, hash: digest.hex)
    }

    /// Same, for a hash already in hex (for example the manifest's `sha256`).
    package static func path(_ path: String, hash: String) -> String {
        let tag = String(hash.prefix(length))
        let slash = path.lastIndex(of: "/")
        let nameStart = slash.map { path.index(after: $0) } ?? path.startIndex
        let name = path[nameStart...]
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex, name.index(after: dot) != name.endIndex
        else { return path + "." + tag }
        return String(path[..<dot]) + "." + tag + String(path[dot...])
    }

    /// Fingerprinted path of a file's bytes.
    package static func path(_ path: String, contents: [UInt8]) -> String {
        Fingerprint.path(path, digest: SHA256.hash(data: contents))
    }
}

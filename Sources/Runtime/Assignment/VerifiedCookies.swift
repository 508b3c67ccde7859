import Synchronization

/// Cookie values whose MAC has already been checked, per site. Only values that verified are
/// stored, keyed by their exact text, so a forged value can never hit. Bounded: cleared when full
/// (re-verifying costs one HMAC per visitor, nothing more).
final class VerifiedCookies: Sendable {
    private struct Key: Hashable {
        var site: String
        var value: Substring
    }

    static let capacity = 100_000
    private let entries = Mutex<[Key: AssignmentCookie]>([:])

    func lookup(_ value: Substring, site: String) -> AssignmentCookie? {
        let key = Key(site: site, value: value)
        return entries.withLock { $0[key] }
    }

    func insert(_ value: Substring, site: String, _ cookie: AssignmentCookie) {
        // Own the text: the Substring may point into a request header's storage.
        let key = Key(site: site, value: Substring(String(value)))
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = cookie
        }
    }
}

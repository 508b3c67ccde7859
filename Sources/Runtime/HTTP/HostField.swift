import NIOHTTP1

/// The `Host` rule of RFC 9112 §3.2: a server must answer 400 to an HTTP/1.1 request without a
/// `Host` field, and to any request with more than one or with an invalid value. Both tiers apply
/// it, so a request is refused alike whichever reads it.
enum HostField {
    /// What is wrong with a request's `Host` fields, given how many there are and whether each
    /// value is valid; nil when nothing is.
    static func problem(count: Int, allValid: Bool, isHTTP10: Bool) -> String? {
        if count > 1 { return "more than one Host field" }
        if count == 0, !isHTTP10 { return "an HTTP/1.1 request needs a Host field" }
        if !allValid { return "invalid Host field" }
        return nil
    }

    /// The problem with the `Host` fields of a head NIO's parser read, or nil.
    static func problem(in head: HTTPRequestHead) -> String? {
        var count = 0
        var allValid = true
        for (name, value) in head.headers where isHost(name.utf8) {
            count += 1
            allValid = allValid && isValid(value.utf8)
        }
        return problem(count: count, allValid: allValid, isHTTP10: head.version.major == 1 && head.version.minor == 0)
    }

    /// Whether a field name is `Host`, in any case.
    static func isHost(_ name: some Collection<UInt8>) -> Bool {
        name.count == 4 && zip(name, "host".utf8).allSatisfy { $0 | 0x20 == $1 }
    }

    /// `uri-host [ ":" port ]` (RFC 9110 §7.2), leniently: the characters of a reg-name, an IP
    /// literal or a port, and nothing else (no spaces, slashes, `@` or control bytes). Empty is
    /// allowed, for targets without an authority.
    static func isValid(_ value: some Collection<UInt8>) -> Bool {
        value.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return "-._~%!$&'()*+,;=:[]".utf8.contains(byte)
            }
        }
    }
}

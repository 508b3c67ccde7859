/// Finds one cookie's value in the request's `Cookie` headers by scanning bytes, without building
/// a dictionary of all cookies (returning visitors hit this on every page).
package enum CookieHeader {
    package static func value(named name: String, in headers: some RequestHeaders) -> Substring? {
        var found: Substring?
        headers.forEachValue(of: .cookie) { header in
            found = find(name, in: header)
            return found == nil
        }
        return found
    }

    package static func find(_ name: String, in header: String) -> Substring? {
        let bytes = header.utf8
        let nameBytes = name.utf8
        var index = bytes.startIndex
        while index < bytes.endIndex {
            while index < bytes.endIndex, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: ";") {
                index = bytes.index(after: index)
            }
            var end = index
            while end < bytes.endIndex, bytes[end] != UInt8(ascii: ";") { end = bytes.index(after: end) }
            let pair = bytes[index..<end]
            if pair.count > nameBytes.count, pair.starts(with: nameBytes) {
                let equals = bytes.index(index, offsetBy: nameBytes.count)
                if bytes[equals] == UInt8(ascii: "=") {
                    var value = header[bytes.index(after: equals)..<end]
                    while value.utf8.last == UInt8(ascii: " ") { value = value.dropLast() }
                    // Some clients quote cookie values.
                    if value.utf8.count >= 2, value.utf8.first == UInt8(ascii: "\""),
                        value.utf8.last == UInt8(ascii: "\"")
                    {
                        value = value.dropFirst().dropLast()
                    }
                    return value
                }
            }
            index = end
        }
        return nil
    }

    /// The `Set-Cookie` value for an assignment. `Secure` only when the site's public origin is
    /// https and this request reached us over TLS (directly or per `X-Forwarded-Proto`): we bind
    /// plain HTTP, and a Secure cookie set over plain HTTP would never come back.
    /// Tells the browser to drop the cookie: the next page view is then a new visitor's.
    package static func expire(name: String, path: String) -> String {
        "\(name)=; Path=\(path); Max-Age=0; HttpOnly; SameSite=Lax"
    }

    package static func setCookie(name: String, value: String, path: String, secure: Bool) -> String {
        var cookie = "\(name)=\(value); Path=\(path); Max-Age=\(AssignmentCookie.lifetime); HttpOnly; SameSite=Lax"
        if secure { cookie += "; Secure" }
        return cookie
    }
}

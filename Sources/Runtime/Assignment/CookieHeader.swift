import HTTPTypes

/// Finds one cookie's value in the request's `Cookie` headers without building a dictionary of
/// all of them (returning visitors hit this on every page).
enum CookieHeader {
    static func value(named name: String, in headers: HTTPFields) -> Substring? {
        for header in headers[values: .cookie] {
            for pair in header[...].split(separator: ";") {
                let trimmed = pair.trimmingSpaces
                guard trimmed.utf8.count > name.utf8.count, trimmed.hasPrefix(name) else { continue }
                let rest = trimmed.dropFirst(name.count)
                guard rest.first == "=" else { continue }
                var value = rest.dropFirst()
                // Some clients quote cookie values.
                if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
                return value
            }
        }
        return nil
    }

    /// The `Set-Cookie` value for an assignment. `Secure` only when the site's public origin is
    /// https and this request reached us over TLS (directly or per `X-Forwarded-Proto`): we bind
    /// plain HTTP, and a Secure cookie set over plain HTTP would never come back.
    static func setCookie(name: String, value: String, path: String, secure: Bool) -> String {
        var cookie = "\(name)=\(value); Path=\(path); Max-Age=\(AssignmentCookie.lifetime); HttpOnly; SameSite=Lax"
        if secure { cookie += "; Secure" }
        return cookie
    }
}

import FuzzSupport
import Runtime

@_cdecl("FuzzTokens_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    startFuzzer(argc, argv, fuzz)
}

// Assignment cookies and click tokens come back from anyone: a value that verifies must be one we
// signed. Each input is tried as a cookie and as a click token (it must not verify, unless it is
// exactly what we would sign for what it decodes to), and also drives a round trip: fields made
// from its bytes are signed, must verify to themselves, and must stop verifying once any one
// character is changed or the site differs.

private let now = 1_800_000_000
private let cookies = CookieSigner(secret: Array("fuzz secret for cookies and tokens".utf8))
private let clicks = ClickSigner(secret: Array("fuzz secret for cookies and tokens".utf8))

@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)

    // Arbitrary text: it verifies only if it is our own signature of what it decodes to (which
    // random bytes never are; a verification without it means the MAC was not checked).
    if let cookie = cookies.verify(text[...], site: "luna", now: now) {
        check(cookies.encode(cookie, site: "luna") == text, "a cookie we did not sign verified: \(text)")
    }
    if let token = clicks.verify(text[...], now: now) {
        check(clicks.encode(token) == text, "a click token we did not sign verified: \(text)")
    }

    // Round trip with fields derived from the input.
    guard size >= 3 else { return 0 }
    let variantAlphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-".utf8)
    let hex = Array("0123456789abcdef".utf8)
    let variantLength = Int(bytes[0] % 40) + 1
    var variant = bytes.dropFirst(3).prefix(variantLength).map { variantAlphabet[Int($0) % variantAlphabet.count] }
    if variant.isEmpty || variant[0] == UInt8(ascii: "-") { variant.insert(UInt8(ascii: "v"), at: 0) }
    let idSource = Array(bytes.dropFirst(3 + variantLength)) + Array(repeating: 0, count: 32)
    let decisionID = String(decoding: idSource.prefix(32).map { hex[Int($0) % 16] }, as: UTF8.self)
    // Anywhere in the lifetime, or up to the tolerated skew ahead of our clock.
    let issuedAt = now - Int(bytes[1]) * 10_000 + 250
    let cookie = AssignmentCookie(
        variant: String(decoding: variant.prefix(40), as: UTF8.self), decisionID: decisionID, issuedAt: issuedAt)
    let signed = cookies.encode(cookie, site: "luna")
    check(cookies.verify(signed[...], site: "luna", now: now) == cookie, "cookie round trip: \(signed)")
    // Twice: the second answer comes from the cache of verified values and must agree.
    check(cookies.verify(signed[...], site: "luna", now: now) == cookie, "cached cookie: \(signed)")
    check(cookies.verify(signed[...], site: "aero-bottle", now: now) == nil, "cookie replayed on another site")
    check(cookies.verify(signed[...], site: "luna", now: now + AssignmentCookie.lifetime + 251) == nil, "stale cookie")
    check(clicks.verify(signed[...], now: now) == nil, "a cookie passed as a click token")
    let cookieTampered = tamper(signed, at: Int(bytes[2]), with: bytes.last ?? 0)
    if cookieTampered != signed {
        check(cookies.verify(cookieTampered[...], site: "luna", now: now) == nil, "tampered cookie: \(cookieTampered)")
    }

    let token = ClickToken(site: cookie.variant, decisionID: decisionID, issuedAt: issuedAt)
    let signedToken = clicks.encode(token)
    check(clicks.verify(signedToken[...], now: now) == token, "click token round trip: \(signedToken)")
    check(cookies.verify(signedToken[...], site: cookie.variant, now: now) == nil, "a click token passed as a cookie")
    let tokenTampered = tamper(signedToken, at: Int(bytes[2]), with: bytes.last ?? 0)
    if tokenTampered != signedToken {
        check(clicks.verify(tokenTampered[...], now: now) == nil, "tampered click token: \(tokenTampered)")
    }
    return 0
}

/// `value` with the character at `position` (modulo its length) replaced by one picked by `byte`
/// from the characters a token may contain.
private func tamper(_ value: String, at position: Int, with byte: UInt8) -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-.".utf8)
    var bytes = Array(value.utf8)
    bytes[position % bytes.count] = alphabet[Int(byte) % alphabet.count]
    return String(decoding: bytes, as: UTF8.self)
}

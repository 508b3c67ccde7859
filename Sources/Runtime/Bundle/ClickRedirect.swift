/// A destination on another site with room for a click token (`ClickToken`), split once where the
/// token goes: per request the location is one string join, nothing is parsed or rendered.
///
/// The token fills a `{click}` placeholder when the destination has one (for booking sites that
/// want it under their own parameter name); otherwise `sg_click=<token>` is appended to the query,
/// before any fragment.
struct ClickRedirect: Sendable, Equatable {
    private let before: String
    private let after: String
    /// Whether the destination had a placeholder: without a token it is then left empty, where an
    /// appended parameter would simply be left off.
    private let hasPlaceholder: Bool
    private let plain: String

    init(_ destination: String) {
        if let range = destination.range(of: ClickToken.placeholder) {
            before = String(destination[..<range.lowerBound])
            // A second placeholder gets the same token; rare enough to pay a replacement for.
            after = String(destination[range.upperBound...])
            hasPlaceholder = true
            plain = before + after.replacingOccurrences(of: ClickToken.placeholder, with: "")
        } else {
            let fragmentStart = destination.firstIndex(of: "#") ?? destination.endIndex
            let base = destination[..<fragmentStart]
            let separator = base.contains("?") ? (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&") : "?"
            before = base + separator + ClickToken.parameter + "="
            after = String(destination[fragmentStart...])
            hasPlaceholder = false
            plain = destination
        }
    }

    /// The location for a visitor holding `token`, or the bare destination without one (a HEAD, an
    /// author's preview: no decision to credit).
    func location(token: String?) -> String {
        guard let token else { return plain }
        if hasPlaceholder, after.contains(ClickToken.placeholder) {
            return before + token + after.replacingOccurrences(of: ClickToken.placeholder, with: token)
        }
        return before + token + after
    }
}

/// The decision behind a visitor who left for another site, carried there as `sg_click` so that
/// site can credit a goal back (`/<site>/_pixel`, or `/ml/bandit/update` with `click`).
///
/// Value: `<site>.<decision id>.<issued-at unix seconds>.<mac>`, where mac is the first 16 bytes
/// (hex) of HMAC-SHA256 over `<site>|<decision id>|<issued-at>` under a key derived from the
/// store's secret for click tokens only, so no cookie's MAC is ever a valid token's or the other way
/// round. Only `a-z 0-9 - .`: nothing to escape in a URL.
package struct ClickToken: Sendable, Equatable {
    package var site: String
    package var decisionID: String
    package var issuedAt: Int

    package init(site: String, decisionID: String, issuedAt: Int) {
        self.site = site
        self.decisionID = decisionID
        self.issuedAt = issuedAt
    }

    /// A token older than this credits nothing: bookings and checkouts complete within days, and
    /// the visitor's cookie lives as long.
    package static let lifetime = AssignmentCookie.lifetime
    /// The query parameter appended to a redirect's destination, and the placeholder that puts the
    /// token elsewhere in it instead.
    static let parameter = "sg_click"
    static let placeholder = "{click}"
    static let macBytes = 16
}

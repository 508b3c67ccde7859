/// A dotted name such as `page.hero`, split once at parse time so rendering never re-splits.
struct TemplateName: Sendable, Hashable {
    /// The name as written, for error messages.
    let text: String
    /// Empty for the implicit iterator `.`.
    let path: [String]

    /// Returns nil when the name has an empty segment (`a..b`, `.a`, `a.`), which can only be a typo.
    init?(_ text: String) {
        self.text = text
        if text == "." {
            path = []
            return
        }
        let parts = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard !parts.contains(where: \.isEmpty) else { return nil }
        path = parts.map { String(decoding: $0, as: UTF8.self) }
    }
}

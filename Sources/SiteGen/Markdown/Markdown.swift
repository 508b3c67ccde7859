import CCmark
import Foundation

/// How Markdown is turned into HTML; mirrors site.yml's `markdown:` block.
package struct MarkdownOptions: Sendable, Hashable {
    /// Keep raw HTML and dangerous URLs. Off by default because page authors are
    /// marketers, not developers: an accidental `<script>` should not reach visitors.
    package var unsafe: Bool
    /// Curly quotes, en/em dashes and ellipses.
    package var smart: Bool

    package init(unsafe: Bool = false, smart: Bool = false) {
        self.unsafe = unsafe
        self.smart = smart
    }

    var cmarkFlags: Int32 {
        var flags = CMARK_OPT_DEFAULT
        if unsafe { flags |= CMARK_OPT_UNSAFE }
        if smart { flags |= CMARK_OPT_SMART }
        return flags
    }
}

/// Renders CommonMark to an HTML fragment with libcmark. This is the one code path
/// the build uses, so the spec test exercises exactly what pages get.
package func renderMarkdown(_ text: String, options: MarkdownOptions = MarkdownOptions()) -> String {
    var source = text
    return source.withUTF8 { bytes -> String in
        let html = bytes.withMemoryRebound(to: CChar.self) { chars in
            cmark_markdown_to_html(chars.baseAddress, chars.count, options.cmarkFlags)
        }
        // libcmark only returns NULL when malloc fails; an empty page is the honest answer then.
        guard let html else { return "" }
        defer { free(html) }
        return GoalLinks.rewrite(String(cString: html))
    }
}

/// Markdown has no attribute syntax, so a link reports a conversion through its title:
/// `[Book a table](https://book.example.com "goal:book")`, or `"goal:order=25"` with a value,
/// becomes `<a href="…" data-goal="book">` (and `data-value="25"`), which the beacon reports on
/// click like any `data-goal` element. Any other title stays a title.
enum GoalLinks {
    private static let marker = #"" title="goal:"#

    static func rewrite(_ html: String) -> String {
        guard html.containsBytes(marker) else { return html }
        var out = ""
        var rest = html[...]
        while let found = rest.range(of: marker) {
            out += rest[..<found.lowerBound]
            let afterMarker = rest[found.upperBound...]
            guard let close = afterMarker.range(of: "\">"),
                let attributes = attributes(String(afterMarker[..<close.lowerBound]))
            else {
                // Not a goal we can read: leave the title as written.
                out += rest[found]
                rest = afterMarker
                continue
            }
            out += "\"" + attributes + ">"
            rest = afterMarker[close.upperBound...]
        }
        return out + rest
    }

    /// `book` → ` data-goal="book"`; `order=25` → ` data-goal="order" data-value="25"`.
    private static func attributes(_ spec: String) -> String? {
        let parts = spec.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let goal = String(parts[0])
        // The same rule as every id in site.yml, so a link cannot name a goal no site can declare.
        guard isSafeID(goal) else { return nil }
        var result = " data-goal=\"\(goal)\""
        if parts.count == 2 {
            guard let value = Double(parts[1]), value.isFinite, value >= 0 else { return nil }
            result += " data-value=\"\(parts[1])\""
        }
        return result
    }
}

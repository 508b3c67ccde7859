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
        return String(cString: html)
    }
}

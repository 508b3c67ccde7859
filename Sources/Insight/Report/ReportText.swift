import Foundation

/// Text helpers for long user-provided ids.
enum ReportText {
    /// Shortens with an ellipsis in the middle so both the start and the distinguishing end of
    /// a long id stay visible; the full id goes in a `title` attribute.
    static func truncate(_ s: String, _ limit: Int) -> String {
        guard s.count > limit, limit > 3 else { return s }
        let head = (limit - 1) / 2 + (limit - 1) % 2
        let tail = (limit - 1) / 2
        return String(s.prefix(head)) + "…" + String(s.suffix(tail))
    }

    /// An id in the page: escaped, truncated when very long, full text on hover.
    static func id(_ s: String, limit: Int = 40) -> String {
        let short = truncate(s, limit)
        if short == s { return "<span class=\"id\">\(ReportFormat.html(s))</span>" }
        return "<span class=\"id\" title=\"\(ReportFormat.html(s))\">\(ReportFormat.html(short))</span>"
    }
}

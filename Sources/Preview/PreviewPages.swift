import Runtime
import SiteGen

/// Whole pages the preview server writes itself (never part of a build).
enum PreviewPages {
    /// Served in place of every page while the last build failed: the problems, readable without
    /// JavaScript, plus the client that reloads once a build succeeds.
    static func buildFailed(_ problems: [Diagnostic]) -> String {
        var items = ""
        for problem in problems {
            items += """
                <div class="sitegen-problem" style="margin:0 0 14px"><div style="color:#8ec7ff">\
                \(HTMLText.escape(problem.location.description))</div>\
                <div>\(problem.severity.rawValue): \(HTMLText.escape(problem.message))</div></div>
                """
        }
        return """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Build failed · sitegen preview</title>\
            <meta name="viewport" content="width=device-width, initial-scale=1"></head>\
            <body style="margin:0;background:#141418">\
            <div id="sitegen-overlay" style="position:fixed;inset:0;background:#16171b;color:#f6f6f6;\
            font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:32px;overflow:auto">\
            <div style="color:#ff6b6b;font-weight:bold;font-size:18px;margin-bottom:16px">Build failed</div>\(items)\
            <div style="color:#aaa;margin-top:20px">Fix the file and save: this page reloads by itself.</div></div>\
            \(PreviewInjection.snippet(site: "", variant: "", build: -1))</body></html>
            """
    }

    /// A redirect variant, shown instead of followed so the author keeps the preview bar.
    static func redirect(site: String, variant: String, target: String, build: Int) -> String {
        """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Redirect · sitegen preview</title></head>\
        <body style="font:16px/1.5 system-ui,sans-serif;padding:32px">\
        <p>Variant <b>\(HTMLText.escape(variant))</b> sends visitors to \
        <a href="\(HTMLText.escape(target))">\(HTMLText.escape(target))</a> with a 302.</p>\
        \(PreviewInjection.snippet(site: site, variant: variant, build: build))</body></html>
        """
    }

    /// `/`: links to every site, so `sitegen preview` has something to open.
    static func index(_ sites: [String], build: Int) -> String {
        let links = sites.map { "<li><a href=\"/\($0)/\">\(HTMLText.escape($0))</a></li>" }.joined()
        return """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>sitegen preview</title></head>\
            <body style="font:16px/1.5 system-ui,sans-serif;padding:32px"><h1>sitegen preview</h1><ul>\(links)</ul>\
            \(PreviewInjection.snippet(site: "", variant: "", build: build))</body></html>
            """
    }
}

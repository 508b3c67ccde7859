/// Where a request path points inside a site, after decoding and the pretty-URL rules.
package enum SitePath: Equatable {
    /// A page's folder named without its slash (`/luna`, `/luna/menu`), with the page it holds:
    /// answered with a redirect to the slash, under which the page's relative links work.
    case addSlash(page: String)
    /// A file path below the site, e.g. `index.html`, `menu/index.html`, `assets/site.1a2b.css`.
    case file(String)
    /// Traversal attempts, encoded separators, NUL and other shapes we never serve.
    case rejected

    /// `rest` is what follows `/<site>` in the raw path (starts with `/` or is empty).
    package static func resolve(rest: Substring) -> SitePath {
        if rest.isEmpty { return .addSlash(page: "index.html") }
        // The landing page every QR code opens: skip decoding and splitting.
        if rest == "/" { return .file("index.html") }
        // An encoded separator (`%2f`, `%5c`) is never how a link to one of our files is written,
        // and decoded it would name a different path than the one the client sent: refused.
        if Self.hasEncodedSeparator(rest.utf8) { return .rejected }
        // Decoding first means `%2e%2e` is judged like its plain form.
        guard let decoded = PercentDecoding.decode(rest.dropFirst(), plusIsSpace: false) else { return .rejected }
        if decoded.isEmpty { return .file("index.html") }
        if decoded.hasPrefix("/") || decoded.contains("//") { return .rejected }
        let segments = decoded.split(separator: "/")
        for segment in segments {
            if segment == "." || segment == ".." { return .rejected }
            if segment.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 < 0x20 || $0 == 0x7F }) {
                return .rejected
            }
        }
        if decoded.hasSuffix("/") { return .file(decoded + "index.html") }
        // A last segment with an extension names a file; `menu` is the folder of `menu/index.html`.
        if let last = segments.last, last.contains(".") { return .file(decoded) }
        return .addSlash(page: decoded + "/index.html")
    }
}

extension SitePath {
    /// `%2f`, `%2F`, `%5c` or `%5C` anywhere in the raw path.
    static func hasEncodedSeparator(_ raw: Substring.UTF8View) -> Bool {
        var index = raw.startIndex
        while let percent = raw[index...].firstIndex(of: UInt8(ascii: "%")) {
            let rest = raw[raw.index(after: percent)...]
            if rest.count >= 2 {
                let first = rest[rest.startIndex]
                let second = rest[rest.index(after: rest.startIndex)] | 0x20
                if (first == UInt8(ascii: "2") && second == UInt8(ascii: "f"))
                    || (first == UInt8(ascii: "5") && second == UInt8(ascii: "c"))
                {
                    return true
                }
            }
            index = raw.index(after: percent)
        }
        return false
    }

    /// The fixed paths of the server's own endpoints, which are never a site's.
    /// Compared as bytes, as HTTP paths are: Character comparison would cost a Unicode-aware
    /// walk on every page request.
    package static func isServerEndpoint(_ path: Substring) -> Bool {
        let bytes = path.utf8
        return bytes.starts(with: "/ml/".utf8) || bytes.elementsEqual("/healthz".utf8)
            || bytes.elementsEqual("/metrics".utf8) || bytes.starts(with: "/_sitegen/".utf8)
    }

    /// `_convert`, `_go/…` and `_pixel` below a site are Hummingbird's routes, not pages.
    package static func isSiteEndpoint(rest: Substring) -> Bool {
        rest.utf8.elementsEqual("/_convert".utf8) || rest.utf8.starts(with: "/_go/".utf8)
            || rest.utf8.elementsEqual("/_pixel".utf8)
    }

    /// `/luna/menu/` → (`luna`, `/menu/`); `/luna` → (`luna`, ``). `path` starts with `/`.
    package static func split(_ path: Substring) -> (site: Substring, rest: Substring) {
        let afterSlash = path.utf8.dropFirst()
        let end = afterSlash.firstIndex(of: UInt8(ascii: "/")) ?? afterSlash.endIndex
        return (path[afterSlash.startIndex..<end], path[end...])
    }
}

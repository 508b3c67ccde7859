/// Content types of the files a bundle holds, decided by extension at build time and stored in the
/// manifest, so the runtime never guesses.
package enum ContentType {
    package static let fallback = "application/octet-stream"

    private static let byExtension: [String: String] = [
        "html": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8",
        "json": "application/json",
        "svg": "image/svg+xml",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
        "avif": "image/avif",
        "ico": "image/x-icon",
        "txt": "text/plain; charset=utf-8",
        "xml": "application/xml",
        "webmanifest": "application/manifest+json",
        "woff": "font/woff",
        "woff2": "font/woff2",
        "pdf": "application/pdf",
        "mp4": "video/mp4",
    ]

    /// The type for a path such as `css/site.3f2a1b9c.css`; unknown or missing extensions get
    /// `application/octet-stream`, which browsers download rather than execute.
    package static func forPath(_ path: String) -> String {
        guard let ext = fileExtension(of: path) else { return fallback }
        return byExtension[ext.lowercased()] ?? fallback
    }

    /// Whether a `.gz` copy is worth writing: text formats shrink several times; PNG, JPEG, WebP,
    /// AVIF, WOFF/WOFF2, PDF and MP4 are already compressed. ICO files are mostly raw bitmaps.
    package static func isCompressible(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? contentType
        let type = mediaType.trimmingSpaces().lowercased()
        if type.hasPrefix("text/") { return true }
        return [
            "application/json", "application/xml", "application/manifest+json",
            "image/svg+xml", "image/x-icon", "application/javascript",
        ].contains(type)
    }

    /// The extension of the last path component, without the dot; a leading dot (`.htaccess`)
    /// names a file rather than starting an extension.
    static func fileExtension(of path: String) -> String? {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...]
        return ext.isEmpty ? nil : String(ext)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

import DistFormat
import Foundation
import Templates

/// A site's assets: the template's `assets/**` overlaid by the site's own, each published under
/// a content-hashed name so browsers may cache it forever.
struct AssetCatalog: Sendable {
    struct Asset: Sendable {
        /// As authors name it: `css/site.css`.
        var path: String
        var displayPath: String
        var bytes: [UInt8]
        /// Below the site prefix: `assets/css/site.3f2a1b9c.css`.
        var publishedPath: String
    }

    var assets: [String: Asset]
    let urlPrefix: String

    init(templateFiles: [SourceFile], siteFiles: [SourceFile], urlPrefix: String) {
        self.urlPrefix = urlPrefix
        var byPath: [String: SourceFile] = [:]
        for file in templateFiles + siteFiles where file.path.hasPrefix("assets/") {
            byPath[String(file.path.dropFirst("assets/".count))] = file
        }
        var assets: [String: Asset] = [:]
        // Stylesheets refer to other assets, so they are hashed after their references are
        // rewritten to the final names.
        for (path, file) in byPath where !path.hasSuffix(".css") {
            assets[path] = Asset(
                path: path, displayPath: file.displayPath, bytes: file.bytes,
                publishedPath: "assets/" + Fingerprint.path(path, contents: file.bytes))
        }
        let plain = assets
        for (path, file) in byPath where path.hasSuffix(".css") {
            let rewritten = Self.rewriteCSSReferences(
                file.bytes, cssPath: path, assets: plain, urlPrefix: urlPrefix)
            assets[path] = Asset(
                path: path, displayPath: file.displayPath, bytes: rewritten,
                publishedPath: "assets/" + Fingerprint.path(path, contents: rewritten))
        }
        self.assets = assets
    }

    func url(for path: String) -> String? {
        let key = path.trimmingCharacters(in: .whitespacesAndNewlines)
        let normalized = key.hasPrefix("/") ? String(key.dropFirst()) : key
        return assets[normalized].map { urlPrefix + $0.publishedPath }
    }

    /// The `{{#asset}}css/site.css{{/asset}}` helper.
    var helper: TemplateValue {
        let catalog = self
        return .function(
            TemplateFunction(name: "asset") { path in
                guard let url = catalog.url(for: path) else {
                    let known = catalog.assets.keys.sorted()
                    throw AssetError(
                        message:
                            "unknown asset '\(path.trimmingCharacters(in: .whitespacesAndNewlines))'\(didYouMean(path, in: known))"
                    )
                }
                return url
            })
    }

    /// Rewrites `url(relative/path)` in a stylesheet to the referenced asset's published URL.
    static func rewriteCSSReferences(
        _ bytes: [UInt8], cssPath: String, assets: [String: Asset], urlPrefix: String
    ) -> [UInt8] {
        let css = String(decoding: bytes, as: UTF8.self)
        guard css.contains("url(") else { return bytes }
        let folder = cssPath.split(separator: "/").dropLast().map(String.init)
        var output = ""
        var rest = css[...]
        while let open = rest.range(of: "url(") {
            output += rest[..<open.upperBound]
            rest = rest[open.upperBound...]
            guard let close = rest.firstIndex(of: ")") else { break }
            let raw = rest[..<close].trimmingCharacters(in: .whitespaces)
            let quote = raw.first == "\"" || raw.first == "'" ? String(raw.prefix(1)) : ""
            let reference = quote.isEmpty ? raw : String(raw.dropFirst().dropLast())
            if let resolved = resolve(reference, from: folder), let asset = assets[resolved] {
                output += quote + urlPrefix + asset.publishedPath + quote
            } else {
                output += rest[..<close]
            }
            rest = rest[close...]
        }
        output += rest
        return Array(output.utf8)
    }

    private static func resolve(_ reference: String, from folder: [String]) -> String? {
        if reference.contains(":") || reference.hasPrefix("/") || reference.hasPrefix("#") {
            return nil
        }
        var parts = folder
        for segment in reference.split(separator: "/") {
            if segment == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else if segment != "." {
                parts.append(String(segment))
            }
        }
        return parts.joined(separator: "/")
    }
}

struct AssetError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

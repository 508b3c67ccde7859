import DistFormat
import Foundation
import NIOCore

/// A whole `dist/` in memory. Immutable once loaded: a redeploy builds a new one and swaps the
/// reference, so requests in flight finish on the bundle they started with.
package final class Deployment: Sendable {
    package let manifest: Manifest
    package let sites: [String: LoadedSite]
    package let siteIDs: [String]

    package init(manifest: Manifest, sites: [LoadedSite]) {
        self.manifest = manifest
        var byID: [String: LoadedSite] = [:]
        for site in sites { byID[site.id] = site }
        self.sites = byID
        self.siteIDs = sites.map(\.id)
    }

    /// Reads `dist/manifest.json` and every file it names. Any missing or mis-sized file fails the
    /// whole load: a half-loaded deployment must never replace a working one. A development
    /// server's extension rewrites each HTML page here, once.
    package static func load(dist: URL, rewritingPagesWith serverExtension: (any ServerExtension)? = nil) throws
        -> Deployment
    {
        let manifestURL = dist.appendingPathComponent(Manifest.fileName)
        let manifest: Manifest
        do {
            manifest = try Manifest.load(fromDist: dist)
        } catch {
            throw DeploymentError(file: manifestURL.path, "cannot read manifest: \(error)")
        }
        guard manifest.format == Manifest.currentFormat else {
            throw DeploymentError(
                file: manifestURL.path,
                "manifest format \(manifest.format), this server reads \(Manifest.currentFormat)")
        }
        var loader = FileLoader(dist: dist)
        var sites: [LoadedSite] = []
        var seen = Set<String>()
        for site in manifest.sites {
            guard SiteIdentifier.isValid(site.id), seen.insert(site.id).inserted else {
                throw DeploymentError(file: manifestURL.path, "invalid or repeated site id '\(site.id)'")
            }
            guard !site.variants.isEmpty else {
                throw DeploymentError(file: manifestURL.path, "site '\(site.id)' has no variants")
            }
            var pages: [[String: ServedFile]] = []
            for variant in site.variants {
                var files: [String: ServedFile] = [:]
                for entry in variant.pages {
                    var file = try loader.load(entry, cacheControl: CacheControlPolicy.page)
                    if let serverExtension, file.isHTML {
                        file = file.rewritten(
                            serverExtension.rewritePage(
                                site: site.id, variant: variant.id, html: Array(file.body.readableBytesView)))
                    }
                    files[entry.path] = file
                }
                pages.append(files)
            }
            var shared: [String: ServedFile] = [:]
            for entry in site.assets {
                shared[entry.path] = try loader.load(entry, cacheControl: CacheControlPolicy.immutable)
            }
            for qr in site.qr {
                for (file, type) in [(qr.svg, "image/svg+xml"), (qr.png, "image/png")] {
                    let path = String(file.dropFirst(site.id.count + 1))
                    guard file.hasPrefix(site.id + "/") else {
                        throw DeploymentError(file: file, "QR image outside its site's folder")
                    }
                    shared[path] = try loader.loadUnlisted(
                        file: file, path: path, contentType: type, cacheControl: CacheControlPolicy.qr)
                }
            }
            sites.append(try LoadedSite(manifest: site, pages: pages, sharedFiles: shared))
        }
        return Deployment(manifest: manifest, sites: sites)
    }
}

/// Site ids become URL segments and cookie names: keep them to the build's own alphabet.
enum SiteIdentifier {
    static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64
            && id.utf8.allSatisfy {
                ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F
            }
    }
}

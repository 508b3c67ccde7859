import Crypto
import DistFormat
import Foundation
import Personalize
import SiteGen

@testable import Runtime

/// Writes a small `dist/` by hand (manifest.json + files), so runtime tests do not depend on the
/// build. Layout as documented in Manifest.swift.
///
/// Sites:
/// - `luna`: variants `indoor` and `patio`, pages `index.html` and `menu/index.html`, one
///   fingerprinted CSS asset with a gzip copy, QR placements `table` (free) and `window` (pinned
///   to `patio`), goals `reserve` (1, max_value 30) and `order` (25), destination `https://book.example.com/luna`.
/// - `shop`: variants `express` (redirect to https://shop.example.com/checkout) and `page`.
struct DistFixture {
    let root: URL
    var dist: URL { root.appendingPathComponent("dist") }
    var database: URL { root.appendingPathComponent("data/events.sqlite") }

    init(buildID: String = "build-1", lunaVariants: [String] = ["indoor", "patio"]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-runtime-\(UUID().uuidString)")
        try write(buildID: buildID, lunaVariants: lunaVariants)
    }

    /// Writes (or rewrites, for reload tests) the whole dist.
    func write(buildID: String, lunaVariants: [String]) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: dist, withIntermediateDirectories: true)
        var files: [String: [UInt8]] = [:]

        func entry(_ path: String, file: String, type: String, _ text: String, gzipCopy: Bool) throws -> FileEntry {
            let bytes = Array(text.utf8)
            files[file] = bytes
            var gzipFile: String?
            var gzipSize: Int?
            if gzipCopy {
                let compressed = try gzip(bytes)
                files[file + ".gz"] = compressed
                gzipFile = file + ".gz"
                gzipSize = compressed.count
            }
            return FileEntry(
                path: path, file: file, contentType: type, size: bytes.count, sha256: SHA256.hash(data: bytes).hex,
                gzipFile: gzipFile, gzipSize: gzipSize)
        }

        let css = try entry(
            "assets/site.3f2a1b9c.css", file: "luna/assets/site.3f2a1b9c.css", type: "text/css; charset=utf-8",
            String(repeating: "body { color: #1b1b1b; margin: 0 auto; }\n", count: 40), gzipCopy: true)
        var lunaVariantManifests: [VariantManifest] = []
        for variant in lunaVariants {
            var pages: [FileEntry] = []
            for page in ["index.html", "menu/index.html"] {
                let html = """
                    <!doctype html><html><head><title>Luna \(variant)</title></head><body>
                    <h1 data-variant="\(variant)">Luna — \(variant) — \(page)</h1>
                    \(String(repeating: "<p>Wood-fired pizza by the harbour.</p>\n", count: 30))
                    </body></html>
                    """
                pages.append(
                    try entry(
                        page, file: "luna/\(variant)/\(page)", type: "text/html; charset=utf-8", html, gzipCopy: true))
            }
            lunaVariantManifests.append(VariantManifest(id: variant, params: [:], redirect: nil, pages: pages))
        }
        var qr: [QRManifest] = []
        for (placement, pinned) in [("table", nil), ("window", lunaVariants.contains("patio") ? "patio" : nil)]
            as [(String, String?)]
        {
            files["luna/qr/\(placement).svg"] = Array("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)
            files["luna/qr/\(placement).png"] = [0x89, 0x50, 0x4E, 0x47]
            let url = "https://qr.example.com/luna/?src=qr&p=\(placement)" + (pinned.map { "&v=\($0)" } ?? "")
            qr.append(
                QRManifest(
                    placement: placement, variant: pinned, url: url, svg: "luna/qr/\(placement).svg",
                    png: "luna/qr/\(placement).png", modules: 33))
        }
        let luna = SiteManifest(
            id: "luna", title: "Trattoria Luna", baseURL: "https://qr.example.com", timezone: "Europe/Rome",
            inputHash: "luna-\(buildID)", personalize: PersonalizeConfig(policy: .thompson),
            goals: [GoalManifest(id: "reserve", value: 1, maxValue: 30), GoalManifest(id: "order", value: 25)],
            destinations: ["https://book.example.com/luna", "menu/"],
            variants: lunaVariantManifests, assets: [css], qr: qr)

        let shopPage = try entry(
            "index.html", file: "shop/page/index.html", type: "text/html; charset=utf-8",
            "<!doctype html><title>Shop</title><h1>Shop page</h1>", gzipCopy: false)
        let shop = SiteManifest(
            id: "shop", title: "Shop", baseURL: "http://localhost:8080", timezone: "UTC", inputHash: "shop",
            personalize: PersonalizeConfig(policy: .uniform), goals: [GoalManifest(id: "convert", value: 1)],
            destinations: [],
            variants: [
                VariantManifest(id: "express", params: [:], redirect: "https://shop.example.com/checkout", pages: []),
                VariantManifest(id: "page", params: [:], redirect: nil, pages: [shopPage]),
            ],
            assets: [], qr: [])

        for (path, bytes) in files {
            let url = dist.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        let manifest = Manifest(buildID: buildID, sites: [luna, shop])
        try manifest.encoded().write(to: dist.appendingPathComponent(Manifest.fileName))
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}

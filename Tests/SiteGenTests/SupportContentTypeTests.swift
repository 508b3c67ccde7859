import DistFormat
import XCTest

@testable import SiteGen

final class SupportContentTypeTests: XCTestCase {
    func testTypesByExtension() {
        let expected: [String: String] = [
            "index.html": "text/html; charset=utf-8", "css/site.3f2a1b9c.css": "text/css; charset=utf-8",
            "js/app.js": "text/javascript; charset=utf-8", "m.mjs": "text/javascript; charset=utf-8",
            "data.json": "application/json", "qr/table.svg": "image/svg+xml", "qr/table.png": "image/png",
            "a.jpg": "image/jpeg", "a.JPEG": "image/jpeg", "a.gif": "image/gif", "a.webp": "image/webp",
            "a.avif": "image/avif", "favicon.ico": "image/x-icon", "robots.txt": "text/plain; charset=utf-8",
            "sitemap.xml": "application/xml", "site.webmanifest": "application/manifest+json",
            "f.woff": "font/woff", "f.woff2": "font/woff2", "menu.pdf": "application/pdf", "demo.mp4": "video/mp4",
        ]
        for (path, type) in expected {
            XCTAssertEqual(ContentType.forPath(path), type, path)
        }
    }

    func testUnknownAndMissingExtensions() {
        for path in ["LICENSE", "archive.tar.zst", ".htaccess", "dir.d/file", "trailing.", "a.exe"] {
            XCTAssertEqual(ContentType.forPath(path), "application/octet-stream", path)
        }
    }

    func testCompressibility() {
        for type in [
            "text/html; charset=utf-8", "text/css; charset=utf-8", "text/javascript; charset=utf-8",
            "application/json", "image/svg+xml", "application/xml", "application/manifest+json",
            "text/plain; charset=utf-8", "image/x-icon",
        ] {
            XCTAssertTrue(ContentType.isCompressible(type), type)
        }
        for type in [
            "image/png", "image/jpeg", "image/webp", "image/avif", "image/gif", "font/woff2",
            "font/woff", "application/pdf", "video/mp4", "application/octet-stream",
        ] {
            XCTAssertFalse(ContentType.isCompressible(type), type)
        }
    }
}

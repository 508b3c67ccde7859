import Foundation
import XCTest

@testable import SiteGen

/// Every image the build can write must decode back to exactly its URL in a real decoder.
final class QRRoundTripTests: XCTestCase {
    private var dir = URL(fileURLWithPath: "/tmp")

    override func setUpWithError() throws {
        dir = try QRDecoder.scratchDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    private func assertRoundTrip(
        _ url: String, _ options: QRCodeOptions, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let code = try QRCode(encoding: url, options: options)
        let label =
            "\(url) \(options.errorCorrection.rawValue) \(options.foreground)/\(options.background) ×\(options.scale)"
        let name = "code-\(options.errorCorrection.rawValue)-\(options.scale)-\(options.quietZone)"

        let png = try QRDecoder.decode(try code.png(options: options), name: name + ".png", in: dir)
        XCTAssertEqual(png.status, 0, "PNG not decoded: \(label)", file: file, line: line)
        XCTAssertEqual(png.text, url, "PNG: \(label)", file: file, line: line)

        let svg = try code.svg(options: options)
        let direct = try QRDecoder.decode(Array(svg.utf8), name: name + ".svg", in: dir)
        XCTAssertEqual(direct.status, 0, "SVG not decoded: \(label)", file: file, line: line)
        XCTAssertEqual(direct.text, url, "SVG: \(label)", file: file, line: line)

        let rasterised = try QRDecoder.decodeRasterised(svg: svg, name: name, in: dir)
        XCTAssertEqual(rasterised.status, 0, "rasterised SVG not decoded: \(label)", file: file, line: line)
        XCTAssertEqual(rasterised.text, url, "rasterised SVG: \(label)", file: file, line: line)
    }

    func testPlacementURLsAtEveryLevel() throws {
        let urls = [
            "https://qr.example.com/luna/?src=qr&p=default",
            "https://qr.example.com/luna/?src=qr&p=window&v=patio",
            "http://localhost:8080/gadget-pro/?src=qr&p=box-insert&v=express-checkout",
        ]
        for url in urls {
            for level in QRErrorCorrection.allCases {
                try assertRoundTrip(url, QRCodeOptions(errorCorrection: level))
            }
        }
    }

    func testColoursScalesAndQuietZones() throws {
        let url = "https://tickets.example.org/summer-fest/?src=qr&p=poster"
        let dark = try QRColor(parsing: "#1b1b1b"), white = try QRColor(parsing: "#fff")
        let navy = try QRColor(parsing: "#1E3A8A"), cream = try QRColor(parsing: "#fef3c7")
        let wine = try QRColor(parsing: "#7f1d1d"), mint = try QRColor(parsing: "#ecfdf5")
        let cases: [QRCodeOptions] = [
            QRCodeOptions(errorCorrection: .medium, foreground: dark, background: white, scale: 10),
            QRCodeOptions(errorCorrection: .quartile, foreground: navy, background: cream, scale: 4),
            QRCodeOptions(errorCorrection: .high, quietZone: 6, foreground: wine, background: mint, scale: 3),
            QRCodeOptions(errorCorrection: .low, quietZone: 8, scale: 2),
            QRCodeOptions(errorCorrection: .medium, scale: 64),
        ]
        for options in cases {
            try assertRoundTrip(url, options)
        }
    }

    func testLongAndUnusualURLs() throws {
        let long =
            "https://qr.example.com/a-very-long-campaign-name/?src=qr&p=table-tent&v=indoor-comfort&utm_source="
            + String(repeating: "x", count: 300)
        try assertRoundTrip(long, QRCodeOptions(errorCorrection: .medium, scale: 4))
        // Case must survive: libqrencode is asked to keep case (no upper-casing for alphanumeric mode).
        try assertRoundTrip("https://Example.COM/Luna/?P=Mixed&x=%2F%20", QRCodeOptions())
        // Digits-only and upper-case runs make libqrencode switch to numeric/alphanumeric segments.
        try assertRoundTrip("HTTPS://QR.EXAMPLE.COM/12345678901234567890?P=ABC", QRCodeOptions())
    }
}

import Foundation
import XCTest

@testable import SiteGen

/// The logo reader: the PNG kinds design tools export decode to the right pixels, and the kinds
/// sitegen does not read are refused with a reason, not drawn wrong.
final class PNGDecoderTests: XCTestCase {
    /// 3×2 RGB, rows Up-filtered after the first, as the logo PNGs sitegen writes itself.
    func testRGBWithFilters() throws {
        let rows: [[UInt8]] = [[255, 0, 0, 0, 255, 0, 0, 0, 255], [10, 20, 30, 40, 50, 60, 70, 80, 90]]
        var raw: [UInt8] = [0] + rows[0]
        raw += [2] + zip(rows[1], rows[0]).map { $0 &- $1 }
        let png = try PNGEncoder.encode(width: 3, height: 2, pixels: .rgb, raw: raw)
        let image = try PNGDecoder.decode(png)
        XCTAssertEqual(image.width, 3)
        XCTAssertEqual(image.height, 2)
        XCTAssertEqual(
            image.rgba,
            [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 10, 20, 30, 255, 40, 50, 60, 255, 70, 80, 90, 255])
        XCTAssertTrue(image.isOpaque)
    }

    func testOneBitPalette() throws {
        let code = try QRCode(encoding: "https://qr.example.com/x/")
        let options = QRCodeOptions(foreground: try QRColor(parsing: "#123456"), scale: 2)
        let image = try PNGDecoder.decode(try code.png(options: options))
        XCTAssertEqual(image.width, (code.width + 8) * 2)
        XCTAssertEqual(Array(image.rgba[0..<4]), [255, 255, 255, 255], "quiet zone")
        let finder = (8 * image.width + 8) * 4  // module (0, 0) of the symbol: a finder's corner
        XCTAssertEqual(Array(image.rgba[finder..<(finder + 4)]), [0x12, 0x34, 0x56, 255])
    }

    func testRGBAFromADesignTool() throws {
        try PrintFileReader.requireTools("rsvg-convert")
        let dir = try QRDecoder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let image = try PNGDecoder.decode(try PrintFileReader.logoPNG(in: dir, side: 50))
        XCTAssertEqual(image.width, 50)
        XCTAssertEqual(image.rgba[3], 0, "transparent corner")
        XCTAssertFalse(image.isOpaque)
        let scaled = image.resampled(width: 10, height: 10)
        XCTAssertEqual(scaled.rgba.count, 400)
        XCTAssertEqual(scaled.rgba[3], 0, "still transparent after averaging")
    }

    func testRefusesWhatItDoesNotRead() throws {
        let png = try PNGEncoder.encode(width: 1, height: 1, pixels: .rgb, raw: [0, 1, 2, 3])
        func patched(_ offset: Int, _ value: UInt8) -> [UInt8] {
            // IHDR's data starts at byte 16; its CRC covers type and data (bytes 12…28).
            var bytes = png
            bytes[16 + offset] = value
            let crc = Zlib.crc(Array(bytes[12..<29]))
            bytes.replaceSubrange(29..<33, with: PNGEncoder.bigEndian(crc))
            return bytes
        }
        XCTAssertNoThrow(try PNGDecoder.decode(png))
        XCTAssertThrowsError(try PNGDecoder.decode(patched(8, 16))) {
            XCTAssertTrue("\($0)".contains("colour type 2 at 16 bits"), "\($0)")
        }
        XCTAssertThrowsError(try PNGDecoder.decode(patched(12, 1))) {
            XCTAssertTrue("\($0)".contains("interlaced"), "\($0)")
        }
        var corrupt = png
        corrupt[18] ^= 0xff
        XCTAssertThrowsError(try PNGDecoder.decode(corrupt)) { XCTAssertTrue("\($0)".contains("CRC"), "\($0)") }
        XCTAssertThrowsError(try PNGDecoder.decode(Array(png.prefix(40))))
        XCTAssertThrowsError(try PNGDecoder.decode(Array("<svg/>".utf8)))
    }
}

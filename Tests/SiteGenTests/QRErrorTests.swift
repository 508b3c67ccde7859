import XCTest

@testable import SiteGen

final class QRErrorTests: XCTestCase {
    /// The QRError `body` throws, or nil; any other error type shows up as a failed comparison.
    private func error(_ body: () throws -> Void) -> QRError? {
        do {
            try body()
            return nil
        } catch {
            return error as? QRError
        }
    }

    /// The limits are exact: the longest text that fits in version 40 encodes, one byte more fails.
    func testTooLongForEveryLevelAtTheExactLimit() throws {
        for level in QRErrorCorrection.allCases {
            let fits = String(repeating: "a", count: level.maximumBytes)
            let code = try QRCode(encoding: fits, errorCorrection: level)
            XCTAssertEqual(code.version, 40)
            XCTAssertEqual(code.width, 177)
            XCTAssertEqual(
                error { _ = try QRCode(encoding: fits + "a", errorCorrection: level) },
                .textTooLong(length: level.maximumBytes + 1, level: level, limit: level.maximumBytes))
        }
        XCTAssertEqual(
            QRError.textTooLong(length: 2400, level: .medium, limit: 2331).description,
            "QR code text is 2400 bytes, too long for error correction M: the largest QR code (version 40) "
                + "holds at most 2331 bytes at level M; shorten the URL or choose a lower level")
    }

    func testEmptyAndNULText() {
        XCTAssertEqual(error { _ = try QRCode(encoding: "") }, .emptyText)
        XCTAssertEqual(error { _ = try QRCode(encoding: "https://a.example/\u{0}x") }, .textContainsNUL)
    }

    func testColourParsing() throws {
        XCTAssertEqual(try QRColor(parsing: "#1b1b1b"), QRColor(red: 0x1b, green: 0x1b, blue: 0x1b))
        XCTAssertEqual(try QRColor(parsing: "#FfA"), QRColor(red: 0xff, green: 0xff, blue: 0xaa))
        XCTAssertEqual(try QRColor(parsing: "#0A0b0C").hex, "#0a0b0c")
        for bad in ["", "#", "red", "1b1b1b", "#12", "#1234", "#12345g", "#1234567", " #123456", "#123456 ", "#ｆｆｆ"] {
            XCTAssertEqual(error { _ = try QRColor(parsing: bad) }, .invalidColor(bad), bad)
        }
        XCTAssertEqual(QRError.invalidColor("red").description, "colour must be #rrggbb or #rgb, not \"red\"")
    }

    func testErrorCorrectionParsing() throws {
        XCTAssertEqual(try QRErrorCorrection(parsing: "q"), .quartile)
        XCTAssertEqual(try QRErrorCorrection(parsing: "H"), .high)
        XCTAssertEqual(error { _ = try QRErrorCorrection(parsing: "X") }, .invalidErrorCorrection("X"))
        XCTAssertEqual(
            QRError.invalidErrorCorrection("X").description, "error_correction must be one of L, M, Q, H, not \"X\"")
    }

    func testQuietZoneAndScaleLimitsHoldEvenWhenForced() throws {
        let code = try QRCode(encoding: "https://qr.example.com/luna/")
        XCTAssertEqual(error { _ = try code.svg(options: QRCodeOptions(quietZone: 3)) }, .quietZoneTooSmall(3))
        XCTAssertEqual(
            error { _ = try code.png(options: QRCodeOptions(quietZone: 0, force: true)) }, .quietZoneTooSmall(0))
        XCTAssertEqual(error { _ = try code.png(options: QRCodeOptions(scale: 0)) }, .scaleOutOfRange(0))
        XCTAssertEqual(error { _ = try code.png(options: QRCodeOptions(scale: 65, force: true)) }, .scaleOutOfRange(65))
        XCTAssertEqual(
            error { _ = try QRCode(encoding: "https://x.example/", options: QRCodeOptions(quietZone: 2)) },
            .quietZoneTooSmall(2))
        XCTAssertEqual(
            QRError.quietZoneTooSmall(3).description, "quiet_zone is 3 modules; scanners need at least 4")
        XCTAssertEqual(
            QRError.scaleOutOfRange(65).description, "scale is 65 pixels per module; it must be between 1 and 64")
    }

    func testContrastRatios() throws {
        XCTAssertEqual(QRContrast.ratio(.black, .white), 21, accuracy: 1e-9)
        XCTAssertEqual(QRContrast.ratio(.white, .white), 1, accuracy: 1e-9)
        // #777777 on white is the classic just-below-AA grey (4.48:1); #767676 just passes (4.54:1).
        XCTAssertEqual(QRContrast.ratio(try QRColor(parsing: "#777"), .white), 4.48, accuracy: 0.01)
        XCTAssertEqual(QRContrast.ratio(try QRColor(parsing: "#767676"), .white), 4.54, accuracy: 0.01)
    }

    func testLowContrastIsAnErrorUnlessForced() throws {
        let code = try QRCode(encoding: "https://qr.example.com/luna/?src=qr&p=default")
        let grey = try QRColor(parsing: "#777777")
        let options = QRCodeOptions(foreground: grey, background: .white)
        guard
            case .lowContrast(let foreground, let background, let ratio)? = error({ _ = try code.svg(options: options) }
            )
        else { return XCTFail("expected lowContrast") }
        XCTAssertEqual(foreground, grey)
        XCTAssertEqual(background, QRColor.white)
        XCTAssertEqual(ratio, 4.48, accuracy: 0.01)
        XCTAssertEqual(
            QRError.lowContrast(foreground: grey, background: .white, ratio: ratio).description,
            "foreground #777777 on background #ffffff has contrast 4.48:1, below the 4.50:1 scanners need "
                + "(set force: true to allow)")
        XCTAssertNotNil(error { _ = try code.png(options: options) })
        XCTAssertNoThrow(try QRCodeOptions(foreground: try QRColor(parsing: "#767676")).validate())

        var forced = options
        forced.force = true
        let dir = try QRDecoder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let decoded = try QRDecoder.decode(try code.png(options: forced), name: "grey.png", in: dir)
        XCTAssertEqual(decoded.text, "https://qr.example.com/luna/?src=qr&p=default")
    }

    func testLightOnDarkIsAnErrorUnlessForced() throws {
        let code = try QRCode(encoding: "https://qr.example.com/luna/")
        let inverted = QRCodeOptions(foreground: .white, background: try QRColor(parsing: "#111"))
        XCTAssertEqual(
            error { _ = try code.svg(options: inverted) },
            .lightOnDark(foreground: .white, background: QRColor(red: 0x11, green: 0x11, blue: 0x11)))
        XCTAssertEqual(
            QRError.lightOnDark(foreground: .white, background: .black).description,
            "foreground #ffffff is lighter than background #000000; many scanners cannot read inverted codes "
                + "(set force: true to allow)")
        var forced = inverted
        forced.force = true
        let svg = try code.svg(options: forced)
        XCTAssertTrue(
            svg.contains(
                "<rect stroke=\"none\" width=\"37\" height=\"37\" fill=\"#111111\"/><path stroke=\"none\" fill=\"#ffffff\""
            ), svg)
        XCTAssertEqual(Array(try code.png(options: forced).prefix(4)), [0x89, 0x50, 0x4e, 0x47])
    }
}

import Foundation
import XCTest

@testable import SiteGen

/// The print files, checked against what a print shop's tools read from them: the SVG's size in
/// millimetres, the PNG's pHYs resolution and whole-pixel modules, the PDF's page sizes, trim
/// boxes, captions and cross-reference table, and every one decoded by zbarimg.
final class QRPrintFilesTests: XCTestCase {
    private var dir = URL(fileURLWithPath: "/tmp")
    private let url = "https://qr.example.com/luna/?src=qr&p=table-tent"

    override func setUpWithError() throws {
        dir = try QRDecoder.scratchDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    private func points(_ mm: Double) -> Double { mm / 25.4 * 72 }

    func testPrintSVGIsSizedInMillimetresWithAViewBoxInModules() throws {
        try PrintFileReader.requireTools("zbarimg", "rsvg-convert")
        let code = try QRCode(encoding: url)
        let side = code.width + 8
        let svg = try code.printSVG(options: QRCodeOptions(), sizeMM: 30)
        XCTAssertTrue(svg.contains("viewBox=\"0 0 \(side) \(side)\" width=\"30mm\" height=\"30mm\""), svg)
        XCTAssertTrue(try code.printSVG(options: QRCodeOptions(), sizeMM: 42.5).contains("width=\"42.5mm\""))

        // rsvg-convert honours the unit: 30 mm at 300 dpi is 354.3 pixels, which it rounds up.
        let file = dir.appendingPathComponent("print.svg"), png = dir.appendingPathComponent("print-rsvg.png")
        try Data(svg.utf8).write(to: file)
        XCTAssertEqual(
            try QRDecoder.run("rsvg-convert", ["-d", "300", "-p", "300", "-o", png.path, file.path]).status, 0)
        let header = try XCTUnwrap(PrintFileReader.chunks(Array(try Data(contentsOf: png))).first).data
        XCTAssertEqual(PrintFileReader.uint32(header, 0), 355)
        let decoded = try QRDecoder.run("zbarimg", ["--nodbus", "--raw", "-q", png.path])
        XCTAssertEqual(decoded.text, url)
        XCTAssertEqual(try QRDecoder.decode(Array(svg.utf8), name: "direct.svg", in: dir).text, url)
    }

    func testPrintPNGStatesItsResolutionAndKeepsModulesOnWholePixels() throws {
        try PrintFileReader.requireTools("zbarimg")
        let code = try QRCode(encoding: url)
        let total = code.width + 8
        for (dpi, side, density) in [(600, 709, 23622), (300, 354, 11811), (1200, 1417, 47244)] {
            let png = try code.printPNG(options: QRCodeOptions(), sizeMM: 30, dpi: dpi)
            let chunks = PrintFileReader.chunks(png)
            XCTAssertEqual(chunks.map(\.type), ["IHDR", "PLTE", "pHYs", "IDAT", "IEND"])
            let header = chunks[0].data
            XCTAssertEqual(PrintFileReader.uint32(header, 0), UInt32(side), "\(dpi) dpi")
            XCTAssertEqual(PrintFileReader.uint32(header, 4), UInt32(side))
            let phys = chunks[2].data
            XCTAssertEqual(PrintFileReader.uint32(phys, 0), UInt32(density))
            XCTAssertEqual(PrintFileReader.uint32(phys, 4), UInt32(density))
            XCTAssertEqual(phys[8], 1, "unit: metre")

            // Every dark run starts and ends on a module edge: origin + k × pixels per module.
            let modulePixels = side / total
            let origin = (side - modulePixels * code.width) / 2
            XCTAssertGreaterThanOrEqual(origin, 4 * modulePixels, "quiet zone")
            let rows = try PrintFileReader.bits(png)
            for (y, row) in rows.enumerated() {
                for x in 1..<side where row[x] != row[x - 1] {
                    XCTAssertEqual((x - origin) % modulePixels, 0, "edge at x \(x), row \(y), \(dpi) dpi")
                }
            }
            XCTAssertEqual(try QRDecoder.decode(png, name: "print-\(dpi).png", in: dir).text, url)
        }
        XCTAssertThrowsError(try code.printPNG(options: QRCodeOptions(), sizeMM: 5, dpi: 72))
        XCTAssertThrowsError(try code.printPNG(options: QRCodeOptions(), sizeMM: 1000, dpi: 2400))
    }

    func testPDFHasOnePagePerCodeAtItsPrintedSizeWithCaptionsAndValidXref() throws {
        try PrintFileReader.requireTools("zbarimg", "pdfinfo", "pdftoppm", "pdftotext")
        let urls = [url, "https://qr.example.com/luna/?src=qr&p=window&v=patio"]
        let entries = try zip(["table-tent", "window"], urls).map { placement, url in
            QRPrintSheet.Entry(code: try QRCode(encoding: url), placement: placement, url: url)
        }
        let navy = try QRColor(parsing: "#1e3a8a")
        let pdf = try QRPrintSheet.pdf(
            entries, options: QRCodeOptions(foreground: navy), sizeMM: 30, title: "QR codes: Café (Luna) \\ 2")
        PrintFileReader.assertValidXref(pdf)
        let file = dir.appendingPathComponent("sheet.pdf")
        try Data(pdf).write(to: file)

        let info = try PrintFileReader.pageBoxes(file)
        XCTAssertEqual(info.pages, 2)
        XCTAssertEqual(info.title, "QR codes: Café (Luna) \\ 2", "escaped title")
        for (size, trim) in zip(info.sizes, info.trims) {
            XCTAssertEqual(size[0], points(30 + 2 * 10), accuracy: 0.005, "width: code + 10 mm each side")
            XCTAssertEqual(size[1], points(30 + 10 + 24), accuracy: 0.005, "height: code + 10 mm + 24 mm caption")
            XCTAssertEqual(trim[2] - trim[0], points(30), accuracy: 0.01, "trim box is the code")
            XCTAssertEqual(trim[3] - trim[1], points(30), accuracy: 0.01)
            XCTAssertEqual(trim[0], points(10), accuracy: 0.01)
        }
        XCTAssertEqual(try PrintFileReader.decodePages(file, in: dir), urls)

        let text = try QRDecoder.run("pdftotext", ["-layout", file.path, "-"]).text
        XCTAssertTrue(text.contains("table-tent · 30 mm"), text)
        XCTAssertTrue(text.contains("window · 30 mm"), text)
        for url in urls { XCTAssertTrue(text.contains(url), text) }
    }

    func testALongURLShrinksItsCaptionThenWidensThePage() throws {
        try PrintFileReader.requireTools("zbarimg", "pdfinfo", "pdftoppm")
        let long =
            "https://qr.example.com/a-very-long-campaign-name/?src=qr&p=table-tent&v="
            + String(repeating: "x", count: 90)
        let code = try QRCode(encoding: long)
        let pdf = try QRPrintSheet.pdf(
            [QRPrintSheet.Entry(code: code, placement: "table-tent", url: long)], options: QRCodeOptions(), sizeMM: 40,
            title: "long")
        let file = dir.appendingPathComponent("long.pdf")
        try Data(pdf).write(to: file)
        let info = try PrintFileReader.pageBoxes(file)
        let captionAt4pt = HelveticaMetrics.width(of: Array(long.utf8), fontSize: 4)
        XCTAssertEqual(info.sizes[0][0], captionAt4pt + points(8), accuracy: 0.005)
        XCTAssertGreaterThan(info.sizes[0][0], points(60))
        XCTAssertEqual(info.trims[0][2] - info.trims[0][0], points(40), accuracy: 0.01)
        XCTAssertEqual(try PrintFileReader.decodePages(file, in: dir), [long])
    }

    func testALogoIsDrawnIntoEveryFileAndEveryFileStillDecodes() throws {
        try PrintFileReader.requireTools("zbarimg", "rsvg-convert", "pdftoppm")
        var options = QRCodeOptions(errorCorrection: .high)
        options.logo = try QRLogo(png: try PrintFileReader.logoPNG(in: dir), relativeSize: 0.25)
        let code = try QRCode(encoding: url, options: options)
        XCTAssertTrue(code.logoCoverage(relativeSize: 0.25).fits)

        let png = try code.png(options: options)
        XCTAssertEqual(PrintFileReader.chunks(png)[0].data[9], 2, "RGB once the logo brings colours")
        XCTAssertEqual(try QRDecoder.decode(png, name: "logo.png", in: dir).text, url)
        let printPNG = try code.printPNG(options: options, sizeMM: 30, dpi: 600)
        XCTAssertEqual(try QRDecoder.decode(printPNG, name: "logo-print.png", in: dir).text, url)
        // The logo's orange is in the middle of the print PNG.
        XCTAssertTrue(PrintFileReader.chunks(printPNG).contains { $0.type == "pHYs" })

        let svg = try code.svg(options: options)
        XCTAssertTrue(svg.contains("xlink:href=\"data:image/png;base64,"))
        XCTAssertEqual(try QRDecoder.decodeRasterised(svg: svg, name: "logo", in: dir).text, url)
        let printSVG = try code.printSVG(options: options, sizeMM: 30)
        XCTAssertEqual(try QRDecoder.decodeRasterised(svg: printSVG, name: "logo-print", in: dir).text, url)

        let pdf = try QRPrintSheet.pdf(
            [QRPrintSheet.Entry(code: code, placement: "table-tent", url: url)], options: options, sizeMM: 30,
            title: "logo")
        PrintFileReader.assertValidXref(pdf)
        XCTAssertTrue(String(decoding: pdf, as: UTF8.self).contains("/SMask"), "the logo's transparency is kept")
        let file = dir.appendingPathComponent("logo.pdf")
        try Data(pdf).write(to: file)
        XCTAssertEqual(try PrintFileReader.decodePages(file, in: dir), [url])
    }

    func testTheDefaultLogoSizeDecodesAtEveryLevelThatAllowsIt() throws {
        try PrintFileReader.requireTools("zbarimg", "rsvg-convert")
        let logo = try PrintFileReader.logoPNG(in: dir, side: 64)
        let urls = [
            url, "http://localhost:8080/spring-menu/?src=qr&p=flyer&v=offer", "https://a.example/x/?src=qr&p=p",
        ]
        for level in QRErrorCorrection.allCases {
            for url in urls {
                var options = QRCodeOptions(errorCorrection: level, scale: 4)
                options.logo = try QRLogo(png: logo, relativeSize: QRSettings.defaultLogoSize)
                let code = try QRCode(encoding: url, options: options)
                guard code.logoCoverage(relativeSize: QRSettings.defaultLogoSize).fits else { continue }
                let png = try code.png(options: options)
                XCTAssertEqual(
                    try QRDecoder.decode(png, name: "level-\(level.rawValue).png", in: dir).text, url,
                    "\(level.rawValue) \(url)")
            }
        }
    }

    func testALogoClearsDataModulesButNotTheAlignmentPattern() throws {
        // Version 8 has an alignment pattern in the centre (modules 22…26), under any logo.
        let code = try QRCode(encoding: url, errorCorrection: .high, minimumVersion: 8)
        XCTAssertEqual(code.width, 49)
        let cleared = QRLogoArea(symbolWidth: code.width, relativeSize: 0.3)
        XCTAssertTrue(cleared.contains(x: 24, y: 24))
        XCTAssertTrue(code.isFunction(x: 24, y: 24) && code.isDark(x: 24, y: 24), "the pattern's centre")
        XCTAssertFalse(code.isHidden(x: 24, y: 24, by: cleared))
        XCTAssertFalse(code.isHidden(x: 22, y: 22, by: cleared), "the pattern's corner")
        let runs = code.darkRuns(excluding: cleared)
        XCTAssertTrue(runs.contains { $0.y == 24 && $0.x <= 24 && $0.x + $0.length > 24 })
        // Data modules in the square are gone.
        for y in cleared.first..<(cleared.first + cleared.count) {
            for x in cleared.first..<(cleared.first + cleared.count) where !code.isFunction(x: x, y: y) {
                XCTAssertFalse(runs.contains { $0.y == y && $0.x <= x && $0.x + $0.length > x }, "\(x),\(y)")
            }
        }
    }

    func testTheRenderedLogoIsReallyThere() throws {
        try PrintFileReader.requireTools("rsvg-convert")
        var options = QRCodeOptions(errorCorrection: .high, scale: 10)
        options.logo = try QRLogo(png: try PrintFileReader.logoPNG(in: dir), relativeSize: 0.25)
        let code = try QRCode(encoding: url, options: options)
        let decoded = try PNGDecoder.decode(try code.png(options: options))
        let centre = (decoded.height / 2 * decoded.width + decoded.width / 2) * 4
        XCTAssertEqual(Array(decoded.rgba[centre..<(centre + 3)]), [0xff, 0xff, 0xff], "the cross in the middle")
        let disc = ((decoded.height / 2 - 40) * decoded.width + decoded.width / 2 + 20) * 4
        XCTAssertEqual(Array(decoded.rgba[disc..<(disc + 3)]), [0xc2, 0x41, 0x0c], "the orange disc")
    }

    func testSameVersionForEveryCodeWhenAsked() throws {
        let short = try QRCode(encoding: url, errorCorrection: .medium)
        let raised = try QRCode(encoding: url, errorCorrection: .medium, minimumVersion: short.version + 3)
        XCTAssertEqual(raised.version, short.version + 3)
        XCTAssertEqual(raised.width, short.width + 12)
        // A minimum below what the text needs changes nothing.
        XCTAssertEqual(try QRCode(encoding: url, errorCorrection: .medium, minimumVersion: 1), short)
        XCTAssertThrowsError(try QRCode(encoding: url, errorCorrection: .medium, minimumVersion: 41))
    }

    func testDecimalText() {
        XCTAssertEqual(DecimalText.format(30, decimals: 3), "30")
        XCTAssertEqual(DecimalText.format(85.03937, decimals: 3), "85.039")
        XCTAssertEqual(DecimalText.format(-2.5, decimals: 2), "-2.5")
        XCTAssertEqual(DecimalText.format(0.0004, decimals: 3), "0")
        XCTAssertEqual(DecimalText.format(1.05, decimals: 4), "1.05")
        XCTAssertEqual(DecimalText.format(7.6, decimals: 0), "8")
    }

    func testPDFLiteralsEscapeWhatTheFormatReserves() {
        XCTAssertEqual(PDFWriter.literal("a(b)c\\d"), "(a\\(b\\)c\\\\d)")
        XCTAssertEqual(PDFWriter.literal("Café · 30"), "(Caf\\351 \\267 30)")
        XCTAssertEqual(PDFWriter.literal("日本"), "(??)")
    }
}

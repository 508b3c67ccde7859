import CZlib
import Foundation
import XCTest

@testable import SiteGen

final class QRStructureTests: XCTestCase {
    private let url = "https://qr.example.com/luna/?src=qr&p=table-tent&v=patio"  // 56 bytes

    func testMatrixSizeAndFinderPattern() throws {
        let code = try QRCode(encoding: url)
        XCTAssertEqual(url.utf8.count, 56)
        XCTAssertEqual(code.version, 4)
        XCTAssertEqual(code.width, 33)
        XCTAssertEqual(code.modules.count, 33 * 33)
        // Top-left finder: a dark 7×7 ring, light ring, dark 3×3 centre.
        XCTAssertEqual((0..<7).map { code.isDark(x: $0, y: 0) }, Array(repeating: true, count: 7))
        XCTAssertEqual((0..<7).map { code.isDark(x: $0, y: 1) }, [true, false, false, false, false, false, true])
        XCTAssertEqual((0..<7).map { code.isDark(x: $0, y: 3) }, [true, false, true, true, true, false, true])
        XCTAssertFalse(code.isDark(x: 7, y: 0))
        XCTAssertFalse(code.isDark(x: -1, y: 0))
        XCTAssertFalse(code.isDark(x: 33, y: 0))
    }

    func testSVGIsOnePathOfHorizontalRuns() throws {
        let code = try QRCode(encoding: url)
        let svg = try code.svg(options: QRCodeOptions(foreground: try QRColor(parsing: "#1b1b1b")))
        XCTAssertTrue(
            svg.hasPrefix(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 41 41\" width=\"410\" height=\"410\" shape-rendering=\"crispEdges\">"
                    + "<rect stroke=\"none\" width=\"41\" height=\"41\" fill=\"#ffffff\"/><path stroke=\"none\" fill=\"#1b1b1b\" d=\"M4 4h7v1h-7z"
            ), svg)
        XCTAssertEqual(svg.components(separatedBy: "<path").count, 2, "exactly one path")
        XCTAssertTrue(svg.hasSuffix("\"/></svg>\n"))

        // Re-draw the matrix from the path alone: it must equal the modules.
        guard let start = svg.range(of: " d=\""), let end = svg.range(of: "\"/></svg>") else {
            return XCTFail("no path data")
        }
        var drawn = Array(repeating: false, count: code.width * code.width)
        for run in svg[start.upperBound..<end.lowerBound].split(separator: "z") {
            let numbers = run.split(whereSeparator: { "Mhv ".contains($0) }).compactMap { Int($0) }
            XCTAssertEqual(numbers.count, 5, String(run))
            let (x, y, length) = (numbers[0] - 4, numbers[1] - 4, numbers[2])
            XCTAssertEqual(numbers[3], 1)
            XCTAssertEqual(numbers[4], -length)
            for i in x..<(x + length) {
                XCTAssertFalse(drawn[y * code.width + i], "module drawn twice")
                drawn[y * code.width + i] = true
            }
        }
        XCTAssertEqual(drawn, code.modules)
    }

    func testPNGChunksAndPixels() throws {
        let code = try QRCode(encoding: url)
        let options = QRCodeOptions(
            foreground: try QRColor(parsing: "#102030"), background: try QRColor(parsing: "#fffff0"), scale: 3)
        let png = try code.png(options: options)
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

        var chunks: [(String, [UInt8])] = []
        var offset = 8
        while offset + 12 <= png.count {
            let length = Int(png[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) })
            let type = String(decoding: png[offset + 4..<offset + 8], as: UTF8.self)
            let data = Array(png[offset + 8..<offset + 8 + length])
            let stored = png[offset + 8 + length..<offset + 12 + length].reduce(0) { $0 << 8 | UInt32($1) }
            let typeAndData = Array(png[offset + 4..<offset + 8 + length])
            let computed = typeAndData.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
            XCTAssertEqual(UInt(stored), UInt(computed), "CRC of \(type)")
            chunks.append((type, data))
            offset += 12 + length
        }
        XCTAssertEqual(offset, png.count)
        XCTAssertEqual(chunks.map(\.0), ["IHDR", "PLTE", "IDAT", "IEND"])
        let side = (33 + 8) * 3
        XCTAssertEqual(chunks[0].1, [0, 0, 0, UInt8(side), 0, 0, 0, UInt8(side), 1, 3, 0, 0, 0])
        XCTAssertEqual(chunks[1].1, [0xff, 0xff, 0xf0, 0x10, 0x20, 0x30])

        // Inflate IDAT and compare every pixel with the module matrix.
        let rowBytes = (side + 7) / 8
        var raw = [UInt8](repeating: 0, count: (rowBytes + 1) * side)
        var rawLength = uLong(raw.count)
        let status = chunks[2].1.withUnsafeBufferPointer { source in
            raw.withUnsafeMutableBufferPointer { out in
                uncompress(out.baseAddress, &rawLength, source.baseAddress, uLong(source.count))
            }
        }
        XCTAssertEqual(status, Z_OK)
        XCTAssertEqual(Int(rawLength), raw.count)
        for py in 0..<side {
            XCTAssertEqual(raw[py * (rowBytes + 1)], 0, "filter byte")
            for px in 0..<side {
                let bit = raw[py * (rowBytes + 1) + 1 + px / 8] >> UInt8(7 - px % 8) & 1
                XCTAssertEqual(bit == 1, code.isDark(x: px / 3 - 4, y: py / 3 - 4), "pixel \(px),\(py)")
            }
        }
    }

    func testPrintCheckAndLogoCoverage() throws {
        let code = try QRCode(encoding: url)
        let check = QRPrintCheck(code: code, quietZone: 4, printedSizeMM: 30)
        XCTAssertEqual(check.totalModules, 41)
        XCTAssertEqual(check.moduleSizeMM, 30.0 / 41.0, accuracy: 1e-12)
        XCTAssertTrue(check.modulesLargeEnough)
        XCTAssertFalse(QRPrintCheck(code: code, quietZone: 4, printedSizeMM: 12).modulesLargeEnough)

        // 20 % of 33 modules = 6.6, centred on 13.2…19.8 → modules 13…19: 7×7 of 33×33.
        let small = code.logoCoverage(relativeSize: 0.2)
        XCTAssertEqual(small.coveredFraction, 49.0 / 1089.0, accuracy: 1e-12)
        XCTAssertEqual(small.recoveryCapacity, 0.15)
        XCTAssertTrue(small.fits)
        // 30 % → 9.9 modules on 11.55…21.45 → 11 modules a side: 11 % of the symbol, under M's
        // nominal 15 % but over the half a logo may use (zbar cannot read such a code).
        let larger = code.logoCoverage(relativeSize: 0.3)
        XCTAssertEqual(larger.coveredFraction, 121.0 / 1089.0, accuracy: 1e-12)
        XCTAssertEqual(larger.usableCapacity, 0.075)
        XCTAssertFalse(larger.fits)
        let atLow = try QRCode(encoding: url, errorCorrection: .low).logoCoverage(relativeSize: 0.3)
        XCTAssertFalse(atLow.fits)
        XCTAssertEqual(atLow.recoveryCapacity, 0.07)
        XCTAssertEqual(code.logoCoverage(relativeSize: 0).coveredFraction, 0)
        XCTAssertEqual(code.logoCoverage(relativeSize: 2).coveredFraction, 1)
    }

    /// The build encodes codes for several sites in parallel; libqrencode must give the same
    /// matrices as one at a time.
    func testConcurrentEncodingMatchesSequential() throws {
        let urls = (0..<32).map { "https://qr.example.com/site-\($0)/?src=qr&p=placement-\($0 * 7)" }
        let sequential = try urls.map { try QRCode(encoding: $0, errorCorrection: .quartile) }
        let results = ConcurrentResults<QRCode>(count: urls.count)
        DispatchQueue.concurrentPerform(iterations: urls.count) { index in
            results.set(index, try? QRCode(encoding: urls[index], errorCorrection: .quartile))
        }
        XCTAssertEqual(results.values, sequential.map { Optional($0) })
    }
}

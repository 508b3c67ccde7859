import CZlib
import Foundation
import TestKit
import XCTest

@testable import SiteGen

/// Reads back what the print files claim, independently of the code that wrote them: PNG chunks
/// and pixels, PDF cross-reference offsets, and what poppler's tools report.
enum PrintFileReader {
    struct Chunk {
        var type: String
        var data: [UInt8]
    }

    static func chunks(_ png: [UInt8]) -> [Chunk] {
        var chunks: [Chunk] = []
        var offset = 8
        while offset + 12 <= png.count {
            let length = Int(uint32(png, offset))
            let type = String(decoding: png[(offset + 4)..<(offset + 8)], as: UTF8.self)
            chunks.append(Chunk(type: type, data: Array(png[(offset + 8)..<(offset + 8 + length)])))
            offset += 12 + length
        }
        return chunks
    }

    static func uint32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }

    /// The rows of a 1-bit PNG (filter bytes dropped) as `true` for index 1.
    static func bits(_ png: [UInt8]) throws -> [[Bool]] {
        let all = chunks(png)
        let header = try XCTUnwrap(all.first { $0.type == "IHDR" }).data
        let width = Int(uint32(header, 0)), height = Int(uint32(header, 4))
        XCTAssertEqual(header[8], 1, "bit depth")
        let data = all.filter { $0.type == "IDAT" }.flatMap(\.data)
        let rowBytes = (width + 7) / 8
        var size = uLong((rowBytes + 1) * height)
        var raw = [UInt8](repeating: 0, count: Int(size))
        let status = raw.withUnsafeMutableBufferPointer { out in
            data.withUnsafeBufferPointer { uncompress(out.baseAddress, &size, $0.baseAddress, uLong($0.count)) }
        }
        XCTAssertEqual(status, Z_OK)
        return (0..<height).map { y in
            (0..<width).map { x in raw[y * (rowBytes + 1) + 1 + x / 8] & (0x80 >> UInt8(x % 8)) != 0 }
        }
    }

    /// Every entry of the PDF's cross-reference table points at `n 0 obj` for its own number, and
    /// `startxref` points at the table.
    static func assertValidXref(_ pdf: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        let text = String(decoding: pdf, as: UTF8.self)
        guard let marker = text.range(of: "startxref\n", options: .backwards),
            let offset = Int(text[marker.upperBound...].prefix { $0.isNumber })
        else { return XCTFail("no startxref", file: file, line: line) }
        let table = String(decoding: pdf[offset...], as: UTF8.self)
        XCTAssertTrue(table.hasPrefix("xref\n0 "), "startxref does not point at the table", file: file, line: line)
        let lines = table.split(separator: "\n")
        let count = Int(lines[1].split(separator: " ")[1]) ?? 0
        XCTAssertGreaterThan(count, 1)
        XCTAssertEqual(String(lines[2]), "0000000000 65535 f ", file: file, line: line)
        for number in 1..<count {
            let entry = String(lines[2 + number])
            XCTAssertEqual(entry.utf8.count, 19, "entry \(number) (plus its newline: 20 bytes)", file: file, line: line)
            let at = Int(entry.prefix(10)) ?? -1
            let object = String(decoding: pdf[at..<min(at + 20, pdf.count)], as: UTF8.self)
            XCTAssertTrue(
                object.hasPrefix("\(number) 0 obj\n"), "xref entry \(number) → \(object)", file: file, line: line)
        }
    }

    /// `pdfinfo -box -f 1 -l N` of a file: each page's size and trim box in points.
    static func pageBoxes(_ pdf: URL) throws -> (pages: Int, sizes: [[Double]], trims: [[Double]], title: String) {
        let summary = try QRDecoder.run("pdfinfo", [pdf.path])
        XCTAssertEqual(summary.status, 0, "pdfinfo rejects \(pdf.lastPathComponent)")
        let pages = Int(field("Pages", in: summary.text) ?? "") ?? 0
        let title = field("Title", in: summary.text) ?? ""
        let detail = try QRDecoder.run("pdfinfo", ["-box", "-f", "1", "-l", "\(pages)", pdf.path])
        var sizes: [[Double]] = []
        var trims: [[Double]] = []
        for line in detail.text.split(separator: "\n") where line.hasPrefix("Page ") {
            let numbers = line.split(whereSeparator: { $0 == " " || $0 == ":" }).compactMap { Double($0) }
            if line.contains(" size:") { sizes.append(Array(numbers.dropFirst())) }
            if line.contains("TrimBox:") { trims.append(Array(numbers.dropFirst())) }
        }
        return (pages, sizes, trims, title)
    }

    private static func field(_ name: String, in text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// Renders every page with `pdftoppm -r 300 -png` and decodes each with zbarimg.
    static func decodePages(_ pdf: URL, in dir: URL) throws -> [String] {
        let prefix = dir.appendingPathComponent(pdf.deletingPathExtension().lastPathComponent + "-page").path
        let render = try QRDecoder.run("pdftoppm", ["-r", "300", "-png", pdf.path, prefix])
        XCTAssertEqual(render.status, 0, "pdftoppm failed")
        let pages = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasPrefix(pdf.deletingPathExtension().lastPathComponent + "-page") }.sorted()
        return try pages.map { page in
            let result = try QRDecoder.run(
                "zbarimg", ["--nodbus", "--raw", "-q", dir.appendingPathComponent(page).path])
            XCTAssertEqual(result.status, 0, "\(page) not decoded")
            return result.text
        }
    }

    static func requireTools(_ tools: String...) throws {
        for tool in tools {
            let found = ["/usr/bin/", "/usr/local/bin/"].contains {
                FileManager.default.isExecutableFile(atPath: $0 + tool)
            }
            if !found {
                try Prerequisite.missing(
                    "\(tool) missing: `make test` installs zbar-tools, librsvg2-bin, poppler-utils")
            }
        }
    }

    /// A logo with transparency, as a design tool would export it: rsvg-convert writes 8-bit RGBA.
    static func logoPNG(in dir: URL, side: Int = 200) throws -> [UInt8] {
        let svg = dir.appendingPathComponent("logo-source.svg")
        try Data(
            """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">\
            <circle cx="50" cy="50" r="46" fill="#c2410c"/><path d="M30 50h40M50 30v40" stroke="#fff" \
            stroke-width="10"/></svg>
            """.utf8
        ).write(to: svg)
        let png = dir.appendingPathComponent("logo-source.png")
        let result = try QRDecoder.run("rsvg-convert", ["-w", "\(side)", "-h", "\(side)", "-o", png.path, svg.path])
        XCTAssertEqual(result.status, 0, "rsvg-convert failed")
        return Array(try Data(contentsOf: png))
    }
}

import CZlib
import DistFormat
import Foundation
import XCTest

@testable import SiteGen

final class SupportGzipTests: XCTestCase {
    private let page = Array(
        String(repeating: "<p class=\"dish\">Margherita — tomato, fior di latte, basil</p>\n", count: 80).utf8)

    func testProducesAGzipStreamThatGunzipRestores() throws {
        let compressed = try gzip(page)
        XCTAssertEqual(Array(compressed.prefix(3)), [0x1f, 0x8b, 0x08], "gzip magic and deflate method")
        XCTAssertLessThan(compressed.count, page.count / 10)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-gzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("page.html.gz")
        try Data(compressed).write(to: file)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -dc \"$0\"", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let restored = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual([UInt8](restored), page)
    }

    func testRoundTripThroughZlibInflate() throws {
        // Sizes around each window the compressor picks (512 − 262, 1024 − 262, …) and beyond 32 KB.
        let noise = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        let repetitive = Array(String(repeating: "abcdefghij", count: 7_000).utf8)
        var inputs: [[UInt8]] = [[], [0x41], page, noise]
        for size in [250, 251, 762, 763, 4_096, 32_506, 32_507, 40_000] {
            inputs.append(Array(noise.prefix(size)))
            inputs.append(Array(repetitive.prefix(size)))
        }
        for input in inputs {
            XCTAssertEqual(try inflateGzip(try gzip(input)), input)
            XCTAssertEqual(try inflateGzip(try gzip(input, level: 6)), input)
        }
    }

    /// Decodes with zlib's own gzip reader (windowBits 31), independent of our writer.
    private func inflateGzip(_ compressed: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        XCTAssertEqual(inflateInit2_(&stream, 31, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)), Z_OK)
        defer { inflateEnd(&stream) }
        var input = compressed
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    output.append(contentsOf: out[0..<(out.count - Int(stream.avail_out))])
                }
            } while status == Z_OK
        }
        XCTAssertEqual(status, Z_STREAM_END)
        return output
    }
}

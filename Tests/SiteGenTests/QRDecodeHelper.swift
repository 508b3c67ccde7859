import Foundation
import XCTest

/// Decodes images with real decoders, as a phone would: `zbarimg` reads PNG and SVG directly, and
/// `rsvg-convert` rasterises SVG the way a browser's renderer would before zbarimg reads it.
enum QRDecoder {
    struct Result {
        let status: Int32
        let text: String
    }

    static func scratchDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes `bytes` to `dir/name` and runs `zbarimg --nodbus --raw -q` on it (exit 4 = no code).
    static func decode(_ bytes: [UInt8], name: String, in dir: URL) throws -> Result {
        let file = dir.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return try run("zbarimg", ["--nodbus", "--raw", "-q", file.path])
    }

    /// Rasterises the SVG with rsvg-convert at its own size, then decodes the PNG.
    static func decodeRasterised(svg: String, name: String, in dir: URL) throws -> Result {
        let svgFile = dir.appendingPathComponent(name + ".svg")
        let pngFile = dir.appendingPathComponent(name + ".rsvg.png")
        try Data(svg.utf8).write(to: svgFile)
        let convert = try run("rsvg-convert", ["-o", pngFile.path, svgFile.path])
        XCTAssertEqual(convert.status, 0, "rsvg-convert failed")
        return try run("zbarimg", ["--nodbus", "--raw", "-q", pngFile.path])
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var text = String(decoding: data, as: UTF8.self)
        // zbarimg ends each symbol with a newline; the encoded text is everything before it.
        if text.hasSuffix("\n") { text.removeLast() }
        return Result(status: process.terminationStatus, text: text)
    }
}

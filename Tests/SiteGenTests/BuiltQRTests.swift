import Foundation
import TestKit
import XCTest

@testable import SiteGen

/// The QR codes `sitegen build` writes decode, in a real decoder, to exactly their URLs.
final class BuiltQRTests: XCTestCase {
    func testEveryBuiltQRCodeDecodesToItsURL() throws {
        guard
            let zbarimg = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            try Prerequisite.missing("zbarimg missing: `make test` installs zbar-tools")
        }
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        let report = try project.build()
        let codes = try XCTUnwrap(report.manifest?.site("cafe")?.qr)
        XCTAssertEqual(codes.count, 2)
        for code in codes {
            for file in [code.png, code.svg] {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: zbarimg)
                process.arguments = ["--nodbus", "--raw", "-q", project.dist.appendingPathComponent(file).path]
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                let output = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                XCTAssertEqual(process.terminationStatus, 0, file)
                let text = String(decoding: output, as: UTF8.self)
                XCTAssertEqual(text.trimmingCharacters(in: .newlines), code.url, file)
            }
        }
    }
}

import Foundation
import TestKit
import XCTest

@testable import SiteGen

/// The printed QR codes as `sitegen check` judges them: the build's colour and quiet-zone
/// errors, the logo budget, the 0.4 mm module warning and a zbarimg round trip.
final class CheckQRRulesTests: XCTestCase {
    private func project(qr block: String) throws -> ProjectFixture {
        try ProjectFixture.standard(
            replacing: "sites/cafe/site.yml",
            with: ProjectFixture.standardSiteYAML + block)
    }

    func testLowContrast() throws {
        let project = try project(qr: "  foreground: \"#999999\"\n")
        defer { project.remove() }
        project.check().assertFinding(at: "sites/cafe/site.yml:21:15", containing: "contrast")
    }

    func testQuietZoneTooSmall() throws {
        let project = try project(qr: "  quiet_zone: 2\n")
        defer { project.remove() }
        project.check().assertFinding(at: "sites/cafe/site.yml:21:15", containing: "at least 4")
    }

    func testLogoLargerThanTheErrorCorrectionBudget() throws {
        let project = try project(qr: "  error_correction: L\n  logo_size: 0.3\n")
        defer { project.remove() }
        project.check().assertFinding(
            at: "sites/cafe/site.yml:22:14", containing: "error correction L restores at most 7%")
    }

    func testLogoWithinTheBudgetPasses() throws {
        let project = try project(qr: "  error_correction: H\n  logo_size: 0.2\n")
        defer { project.remove() }
        let report = project.check()
        XCTAssertEqual(report.diagnostics, [], report.text)
    }

    func testModulesUnder0_4mmAreAWarning() throws {
        let project = try project(qr: "  size_mm: 12\n")
        defer { project.remove() }
        let report = project.check()
        // https://qr.example.com/cafe/?src=qr&p=table: 33 modules + 2 × 4 quiet = 41 → 0.29 mm.
        report.assertFinding(
            at: "sites/cafe/site.yml:21:12", .warning, containing: "modules of 0.29 mm, under the 0.4 mm")
        report.assertFinding(at: "sites/cafe/site.yml:21:12", .warning, containing: "print at least 17 mm wide")
        XCTAssertEqual(report.errors, 0, report.text)
    }

    func testDecodeRoundTripFailsForAnUnreadableCode() throws {
        if QRDecoderTool.find() == nil { try Prerequisite.missing("zbarimg is not installed") }
        // force: true waives the colour rules; white on white is then a blank square (zbarimg
        // reads even 1.1:1 contrast, so anything less extreme would decode).
        let project = try project(qr: "  foreground: \"#ffffff\"\n  force: true\n")
        defer { project.remove() }
        project.check().assertFinding(
            at: "sites/cafe/site.yml:20:13", containing: "QR code 'table' cannot be read back by zbarimg")
    }

    func testDecodeRoundTripSkippedWithoutZbarimgIsAWarning() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        let report = project.check(decoder: nil)
        report.assertFinding(at: "sites/cafe/site.yml:1:1", .warning, containing: "zbarimg is not installed")
        XCTAssertEqual(report.errors, 0)
    }

    func testDecoderReadsBackTheExactURL() throws {
        let decoder = try XCTUnwrap(QRDecoderTool.find(), "zbarimg is not installed")
        let code = try QRCode(encoding: "https://qr.example.com/cafe/?src=qr&p=table")
        let png = try code.png(options: QRCodeOptions())
        XCTAssertEqual(decoder.decode(png: png), .decoded("https://qr.example.com/cafe/?src=qr&p=table"))
    }
}

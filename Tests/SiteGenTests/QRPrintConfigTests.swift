import Foundation
import XCTest

@testable import SiteGen

/// The print options of site.yml's `qr:` block: each mistake is one error at its position, with
/// the likely cause, in `check` and `build` alike.
final class QRPrintConfigTests: XCTestCase {
    private func project(qr block: String) throws -> ProjectFixture {
        try ProjectFixture.standard(replacing: "sites/cafe/site.yml", with: ProjectFixture.standardSiteYAML + block)
    }

    func testAnSVGLogoIsRefusedWithHowToExportIt() throws {
        let project = try project(qr: "  logo: images/logo.svg\n")
        defer { project.remove() }
        project.check(decoder: nil).assertFinding(
            at: "sites/cafe/site.yml:21:9", containing: "'images/logo.svg' is an SVG")
        XCTAssertTrue(project.failingBuild().contains { $0.message.contains("rsvg-convert -w 600") })
    }

    func testAMissingLogoSuggestsTheClosestAsset() throws {
        let project = try project(qr: "  logo: images/logo.svh\n")
        defer { project.remove() }
        project.check(decoder: nil).assertFinding(
            at: "sites/cafe/site.yml:21:9",
            containing:
                "no asset 'images/logo.svh' in the site's or the template's assets/ (did you mean 'images/logo.svg'?)")
    }

    func testALogoThatIsNotAPNGIsAnError() throws {
        let project = try project(qr: "  logo: images/logo.png\n")
        defer { project.remove() }
        try project.write("sites/cafe/assets/images/logo.png", "GIF89a, really")
        project.check(decoder: nil).assertFinding(at: "sites/cafe/site.yml:21:9", containing: "it is not a PNG file")
    }

    func testALogoTooLargeForTheBudgetIsRefusedWhereItsSizeIsSet() throws {
        let scratch = try QRDecoder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        try PrintFileReader.requireTools("rsvg-convert")
        let project = try project(qr: "  error_correction: L\n  logo: images/mark.png\n  logo_size: 0.3\n")
        defer { project.remove() }
        try Data(try PrintFileReader.logoPNG(in: scratch)).write(
            to: project.sites.appendingPathComponent("cafe/assets/images/mark.png"))
        project.check(decoder: nil).assertFinding(
            at: "sites/cafe/site.yml:23:14", containing: "error correction L restores at most 7%")
    }

    func testPrintOptionsOutOfRange() throws {
        let project = try project(qr: "  print_dpi: 50\n  version: 41\n  logo: ../secret.png\n")
        defer { project.remove() }
        let report = project.check(decoder: nil)
        report.assertFinding(
            at: "sites/cafe/site.yml:21:14", containing: "qr.print_dpi must be a whole number from 72 to 2400")
        report.assertFinding(
            at: "sites/cafe/site.yml:22:12", containing: "qr.version must be a whole QR version from 1 to 40")
        report.assertFinding(at: "sites/cafe/site.yml:23:9", containing: "below the site's assets/ folder")
    }

    func testAPrintPNGTooLargeToWriteNamesTheResolution() throws {
        let project = try project(qr: "  size_mm: 1000\n  print_dpi: 2400\n")
        defer { project.remove() }
        project.check(decoder: nil).assertFinding(at: "sites/cafe/site.yml:22:14", containing: "94488 pixels wide")
    }

    func testAnUnquotedColourIsAnErrorThatNamesTheCause() throws {
        let project = try project(qr: "  foreground: #1f3d2b\n")
        defer { project.remove() }
        let report = project.check(decoder: nil)
        report.assertFinding(
            at: "sites/cafe/site.yml:21:3",
            containing: "qr.foreground is empty: a value starting with # must be quoted, like foreground: \"#1f3d2b\"")
        XCTAssertEqual(report.errors, 1, report.text)
        XCTAssertFalse(project.failingBuild().isEmpty)
    }

    func testAnEmptyQRValueIsAnError() throws {
        let project = try project(qr: "  background:   # TODO pick one\n")
        defer { project.remove() }
        project.check(decoder: nil).assertFinding(
            at: "sites/cafe/site.yml:21:3", containing: "qr.background is empty: give it a value or remove the line")
    }
}

/// Values far out of range are errors where they are written, never a trap while converting them,
/// even when `check` goes on to draw the codes with the rest of the config.
final class QRPrintExtremeValuesTests: XCTestCase {
    func testHugeSizesAndResolutionsAreErrorsNotCrashes() throws {
        let project = try ProjectFixture.standard(
            replacing: "sites/cafe/site.yml",
            with: ProjectFixture.standardSiteYAML + "  size_mm: 1e300\n  print_dpi: 1e300\n  logo_size: 5\n")
        defer { project.remove() }
        let report = project.check(decoder: nil)
        report.assertFinding(at: "sites/cafe/site.yml:22:14", containing: "qr.print_dpi must be a whole number")
        report.assertFinding(at: "sites/cafe/site.yml:23:14", containing: "qr.logo_size must be between 0 and 0.5")
        XCTAssertTrue(report.text.contains("a 1e+300 mm code at 600 dpi would be"), report.text)
    }
}

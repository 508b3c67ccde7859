import Foundation
import XCTest

@testable import SiteGen

/// `sitegen build` writes the print files of every placement beside the screen ones, leaves the
/// existing files and manifest entries as they were, and every file decodes, logo included.
final class BuiltQRPrintTests: XCTestCase {
    private func project(qr block: String, placements: String = "    - { id: table }\n") throws -> ProjectFixture {
        let yaml = ProjectFixture.standardSiteYAML.replacingOccurrences(of: "    - { id: table }\n", with: placements)
        return try ProjectFixture.standard(replacing: "sites/cafe/site.yml", with: yaml + block)
    }

    private let placements = "    - { id: table }\n    - { id: window-display-left, variant: evening }\n"

    func testPrintFilesAreWrittenAndEveryOneDecodes() throws {
        try PrintFileReader.requireTools("zbarimg", "rsvg-convert", "pdfinfo", "pdftoppm")
        let scratch = try QRDecoder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let project = try project(
            qr: "  error_correction: Q\n  size_mm: 35\n  print_dpi: 300\n  logo: images/mark.png\n",
            placements: placements)
        defer { project.remove() }
        try Data(try PrintFileReader.logoPNG(in: scratch, side: 120)).write(
            to: project.sites.appendingPathComponent("cafe/assets/images/mark.png"))

        let report = try project.build()
        let site = try XCTUnwrap(report.manifest?.site("cafe"))
        XCTAssertEqual(site.qr.map(\.svg), ["cafe/qr/table.svg", "cafe/qr/window-display-left.svg"], "unchanged paths")
        XCTAssertEqual(site.qr.map(\.png), ["cafe/qr/table.png", "cafe/qr/window-display-left.png"])
        let published = Set(site.assets.map(\.path))
        for code in site.qr {
            let id = code.placement
            for path in ["qr/\(id).svg", "qr/\(id).png", "qr/print/\(id).svg", "qr/print/\(id).png"] {
                XCTAssertTrue(published.contains(path), path)
            }
            let dist = project.dist.appendingPathComponent("cafe/qr")
            let png = try QRDecoder.run(
                "zbarimg", ["--nodbus", "--raw", "-q", dist.appendingPathComponent("\(id).png").path])
            XCTAssertEqual(png.text, code.url, "\(id).png")
            let printPNG = Array(try Data(contentsOf: dist.appendingPathComponent("print/\(id).png")))
            XCTAssertEqual(try QRDecoder.decode(printPNG, name: "\(id).png", in: scratch).text, code.url)
            let phys = try XCTUnwrap(PrintFileReader.chunks(printPNG).first { $0.type == "pHYs" }).data
            XCTAssertEqual(PrintFileReader.uint32(phys, 0), 11811, "300 dpi")
            XCTAssertEqual(PrintFileReader.uint32(PrintFileReader.chunks(printPNG)[0].data, 0), 413, "35 mm at 300 dpi")
            for svg in ["\(id).svg", "print/\(id).svg"] {
                let text = try String(contentsOf: dist.appendingPathComponent(svg), encoding: .utf8)
                XCTAssertTrue(text.contains("data:image/png;base64,"), "logo in \(svg)")
                let name = svg.replacingOccurrences(of: "/", with: "-")
                XCTAssertEqual(try QRDecoder.decodeRasterised(svg: text, name: name, in: scratch).text, code.url, svg)
            }
            XCTAssertTrue(
                try String(contentsOf: dist.appendingPathComponent("print/\(id).svg"), encoding: .utf8)
                    .contains("width=\"35mm\" height=\"35mm\""))
        }
        XCTAssertTrue(published.contains("qr/print/cafe-qr.pdf"))
        let pdf = project.dist.appendingPathComponent("cafe/qr/print/cafe-qr.pdf")
        PrintFileReader.assertValidXref(Array(try Data(contentsOf: pdf)))
        let info = try PrintFileReader.pageBoxes(pdf)
        XCTAssertEqual(info.pages, 2)
        XCTAssertEqual(info.title, "QR codes: Café Nord")
        for size in info.sizes {
            XCTAssertEqual(size[1], (35.0 + 10 + 24) / 25.4 * 72, accuracy: 0.005)
        }
        XCTAssertEqual(try PrintFileReader.decodePages(pdf, in: scratch), site.qr.map(\.url))
    }

    func testUniformVersionGivesEveryPlacementTheSameModuleCount() throws {
        let plain = try project(qr: "", placements: placements)
        defer { plain.remove() }
        let natural = try XCTUnwrap(plain.build().manifest?.site("cafe")).qr.map(\.modules)
        XCTAssertEqual(natural, [33, 37], "the longer URL needs version 5")

        let uniform = try project(qr: "  uniform_version: true\n", placements: placements)
        defer { uniform.remove() }
        XCTAssertEqual(try XCTUnwrap(uniform.build().manifest?.site("cafe")).qr.map(\.modules), [37, 37])

        let pinned = try project(qr: "  version: 7\n", placements: placements)
        defer { pinned.remove() }
        XCTAssertEqual(try XCTUnwrap(pinned.build().manifest?.site("cafe")).qr.map(\.modules), [45, 45])
    }

    func testPagesMayLinkToThePrintFiles() throws {
        let project = try project(qr: "")
        defer { project.remove() }
        try project.write(
            "sites/cafe/menu.md",
            "---\ntitle: Menu\n---\n[PDF](/cafe/qr/print/cafe-qr.pdf) [SVG](/cafe/qr/print/table.svg)\n")
        try project.build()
        XCTAssertTrue(project.exists("dist/cafe/qr/print/cafe-qr.pdf"))
        XCTAssertTrue(project.exists("dist/cafe/qr/print/table.svg"))
    }

    func testCheckMeasuresTheCodesAsDrawn() throws {
        // Version 10 is 57 modules + 8 quiet: 30 mm gives 0.46 mm modules; at 25 mm, 0.38 mm.
        let project = try project(qr: "  version: 10\n  size_mm: 25\n")
        defer { project.remove() }
        project.check(decoder: nil).assertFinding(
            at: "sites/cafe/site.yml:22:12", .warning, containing: "65 modules per side")
    }
}

/// docs/authoring.md's "Print the codes" step: the files it lists are what a scaffolded site
/// builds to, with the sizes it states.
final class DocsPrintWalkthroughTests: XCTestCase {
    func testTheScaffoldBuildsThePrintFilesTheGuideLists() throws {
        try PrintFileReader.requireTools("zbarimg", "pdfinfo", "pdftoppm")
        let scratch = try QRDecoder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let project = try ProjectFixture()
        defer { project.remove() }
        _ = try Scaffolder.newSite("spring-menu", template: nil, sites: project.sites, templates: project.templates)
        let site = try XCTUnwrap(project.build().manifest?.site("spring-menu"))
        XCTAssertEqual(site.qr.map(\.placement), ["poster", "flyer", "share"])

        let print = project.dist.appendingPathComponent("spring-menu/qr/print")
        let poster = Array(try Data(contentsOf: print.appendingPathComponent("poster.png")))
        let chunks = PrintFileReader.chunks(poster)
        XCTAssertEqual(PrintFileReader.uint32(chunks[0].data, 0), 709, "30 mm at 600 dpi")
        XCTAssertEqual(site.qr[0].modules, 33)
        XCTAssertEqual(709 / (33 + 8), 17, "pixels per module, as the guide says")
        XCTAssertEqual(PrintFileReader.uint32(try XCTUnwrap(chunks.first { $0.type == "pHYs" }).data, 0), 23622)
        let svg = try String(contentsOf: print.appendingPathComponent("poster.svg"), encoding: .utf8)
        XCTAssertTrue(svg.contains("width=\"30mm\" height=\"30mm\""))

        let pdf = print.appendingPathComponent("spring-menu-qr.pdf")
        let info = try PrintFileReader.pageBoxes(pdf)
        XCTAssertEqual(info.pages, 3)
        for size in info.sizes {
            XCTAssertEqual(size[0], 50 / 25.4 * 72, accuracy: 0.005, "50 mm wide")
            XCTAssertEqual(size[1], 64 / 25.4 * 72, accuracy: 0.005, "64 mm high")
        }
        XCTAssertEqual(try PrintFileReader.decodePages(pdf, in: scratch), site.qr.map(\.url))
    }
}

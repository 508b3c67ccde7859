import DistFormat
import Foundation
import XCTest

@testable import SiteGen

/// A no-op rebuild decided by `stat` alone, and every way a change must still be seen.
final class NoOpRebuildTests: XCTestCase {
    /// A build "later": the fixture's files were all written within the last second.
    private func later(_ seconds: TimeInterval) -> Date { Date().addingTimeInterval(seconds) }

    private func state(_ project: ProjectFixture) throws -> BuildState {
        try XCTUnwrap(BuildState.load(fromDist: project.dist))
    }

    func testFreshFilesAreReadThenAStampLetsTheNextBuildSkipReading() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        let first = try project.build()
        XCTAssertEqual(first.rebuilt, ["cafe"])
        XCTAssertNil(try state(project).sites[0].stamp, "files written this second are too recent to trust")

        // Read and hashed (the stamp was missing), found unchanged, and the stamp recorded.
        let second = try project.build(startedAt: later(10))
        XCTAssertTrue(second.upToDate)
        XCTAssertEqual(second.manifest, first.manifest, "the slow check read the previous manifest")
        XCTAssertNotNil(try state(project).sites[0].stamp)

        let third = try project.build(startedAt: later(20))
        XCTAssertTrue(third.upToDate)
        XCTAssertNil(third.manifest, "decided from the build state alone")
        XCTAssertEqual(third.reused, ["cafe"])
    }

    func testAnEditOfTheSameSizeIsSeen() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.write("sites/cafe/menu.md", "Espresso 2")
        try project.build()
        try project.build(startedAt: later(10))
        XCTAssertNotNil(try state(project).sites[0].stamp)

        try project.write("sites/cafe/menu.md", "Espresso 3")
        let rebuilt = try project.build(startedAt: later(20))
        XCTAssertEqual(rebuilt.rebuilt, ["cafe"])
        XCTAssertTrue(try project.read("dist/cafe/morning/menu/index.html").contains("Espresso 3"))
    }

    func testATemplateEditANewFileAndARemovedFileAreSeen() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.build()
        try project.build(startedAt: later(10))

        let template = try project.read("templates/basic/page.mustache")
        try project.write("templates/basic/page.mustache", template + "<!-- changed -->")
        XCTAssertEqual(try project.build(startedAt: later(20)).rebuilt, ["cafe"])
        try project.build(startedAt: later(30))

        try project.write("sites/cafe/about.md", "About us")
        XCTAssertEqual(try project.build(startedAt: later(40)).rebuilt, ["cafe"])
        XCTAssertTrue(project.exists("dist/cafe/morning/about/index.html"))
        try project.build(startedAt: later(50))

        try FileManager.default.removeItem(at: project.sites.appendingPathComponent("cafe/about.md"))
        XCTAssertEqual(try project.build(startedAt: later(60)).rebuilt, ["cafe"])
        XCTAssertFalse(project.exists("dist/cafe/morning/about/index.html"))
    }

    func testANewSiteIsSeen() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.build()
        try project.build(startedAt: later(10))
        try project.write(
            "sites/bar/site.yml",
            "title: Bar\nbase_url: https://qr.example.com\ntemplate: basic\nparams: { headline: Bar, phone: \"1\" }\nqr: { placements: [{ id: table }] }\n"
        )
        try project.write("sites/bar/index.md", "Bar")
        XCTAssertEqual(try project.build(startedAt: later(20)).rebuilt, ["bar"])
    }

    func testADeletedOutputSiteIsRebuilt() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.build()
        try project.build(startedAt: later(10))
        try FileManager.default.removeItem(at: project.dist.appendingPathComponent("cafe"))
        XCTAssertEqual(try project.build(startedAt: later(20)).rebuilt, ["cafe"])
    }

    func testAStateNamingAFolderOutsideTheTemplatesIsNotTrusted() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.build()
        try project.build(startedAt: later(10))
        var tampered = try state(project)
        tampered.sites[0].templateFolder = "/"
        let data = try XCTUnwrap(tampered.encoded())
        try data.write(to: project.dist.appendingPathComponent(BuildState.fileName))

        let next = try project.build(startedAt: later(20))
        XCTAssertTrue(next.upToDate)
        XCTAssertNotNil(next.manifest, "decided by reading the files, not by the tampered state")
        XCTAssertEqual(
            try state(project).sites[0].templateFolder,
            project.templates.appendingPathComponent("basic").standardizedFileURL.path)
    }

    func testForceAndOnlyIgnoreTheStamp() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.build()
        try project.build(startedAt: later(10))
        XCTAssertEqual(try project.build(incremental: false, startedAt: later(20)).rebuilt, ["cafe"])
    }
}

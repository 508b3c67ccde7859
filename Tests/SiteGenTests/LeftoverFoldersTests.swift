import Foundation
import TestKit
import XCTest

@testable import SiteGen

/// `.dist.staging-PID` and `.dist.retired-PID` left by builds that were killed are removed by the
/// next build, and only when that process is gone; one that cannot be removed is a warning.
final class LeftoverFoldersTests: XCTestCase {
    /// The id of a process that has exited (ids are reused only after the counter wraps).
    private func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    private func folders(_ project: ProjectFixture) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: project.root.path).filter { $0.hasPrefix(".") }.sorted()
    }

    func testLeftoversOfDeadBuildsAreRemovedEvenWhenDistIsUpToDate() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.build()
        let dead = try deadPID()
        // pid 1 is always running: a build beside this one keeps its folder.
        for name in [
            ".dist.staging-\(dead)/cafe/morning/index.html", ".dist.retired-\(dead)/manifest.json",
            ".dist.staging-1/x", ".dist.staging-12ab/x", ".dist.staging-/x", ".other.staging-\(dead)/x",
        ] {
            try project.write(name, "left over")
        }

        let report = try project.build()
        XCTAssertTrue(report.upToDate)
        XCTAssertEqual(report.warnings, [])
        XCTAssertEqual(
            try folders(project),
            [".dist.staging-", ".dist.staging-1", ".dist.staging-12ab", ".other.staging-\(dead)"])
    }

    func testLeftoversAreRemovedBeforeAFullBuildToo() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        let dead = try deadPID()
        try project.write(".dist.staging-\(dead)/big.bin", String(repeating: "x", count: 4096))
        let report = try project.build()
        XCTAssertFalse(report.upToDate)
        XCTAssertEqual(try folders(project), [])
        XCTAssertTrue(project.exists("dist/manifest.json"))
    }

    /// As root, only an immutable file (chattr +i) makes deleting the retired output fail.
    func testRetiredOutputThatCannotBeDeletedIsAWarning() throws {
        let project = try ProjectFixture.standard()
        defer { project.remove() }
        try project.build()
        let stuck = project.root.appendingPathComponent("dist/cafe/morning/index.html").path
        try XCTSkipUnless(chattr("+i", stuck), "chattr +i is not available here")
        defer {
            _ = chattr(
                "-i", project.root.appendingPathComponent(".dist.retired-\(getpid())/cafe/morning/index.html").path)
        }

        let report = try project.build(incremental: false)
        let retired = ".dist.retired-\(getpid())"
        XCTAssertEqual(report.warnings.count, 1, "\(report.warnings)")
        XCTAssertEqual(report.warnings.first?.severity, .warning)
        XCTAssertTrue(report.warnings.first?.location.file.hasSuffix(retired) == true, "\(report.warnings)")
        XCTAssertTrue(
            report.warnings.first?.message.hasPrefix("the previous output could not be deleted:") == true,
            "\(report.warnings)")
        XCTAssertTrue(project.exists("dist/manifest.json"), "the build itself succeeded")
    }
}

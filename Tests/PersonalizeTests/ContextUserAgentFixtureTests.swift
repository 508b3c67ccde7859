import Foundation
import Personalize
import XCTest

/// Every row of Fixtures/user-agents.tsv: a real User-Agent, the device and the OS we must report.
final class ContextUserAgentFixtureTests: XCTestCase {
    struct Row {
        var line: Int
        var userAgent: String
        var device: Device
        var os: String
        var origin: String
    }

    func rows() throws -> [Row] {
        let url = ContextTestSupport.fixture("user-agents.tsv")
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows: [Row] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        where !line.isEmpty && !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(
                String.init)
            XCTAssertEqual(
                fields.count, 4, "user-agents.tsv:\(index + 1): expected 4 tab-separated fields")
            guard fields.count == 4, let device = Device(rawValue: fields[1]) else {
                XCTFail(
                    "user-agents.tsv:\(index + 1): bad device '\(fields.dropFirst().first ?? "")'")
                continue
            }
            rows.append(
                Row(
                    line: index + 1, userAgent: fields[0], device: device, os: fields[2],
                    origin: fields[3]))
        }
        return rows
    }

    func testEveryFixtureRow() throws {
        let rows = try rows()
        XCTAssertGreaterThanOrEqual(
            rows.count, 300, "the fixture should hold a few hundred real strings")
        let extractor = ContextExtractor()
        var failures = 0
        for row in rows {
            let context = extractor.context(for: RequestDescription(userAgent: row.userAgent))
            if context.device != row.device || context.os != row.os {
                failures += 1
                XCTFail(
                    "user-agents.tsv:\(row.line): got \(context.device)/\(context.os ?? "nil"), want "
                        + "\(row.device)/\(row.os) (\(row.origin)) for \(row.userAgent)")
            }
        }
        print(
            "ContextUserAgentFixtureTests: \(rows.count - failures)/\(rows.count) user agents classified as expected"
        )
    }

    func testFixtureCoversEveryDevice() throws {
        let devices = Set(try rows().map(\.device))
        XCTAssertEqual(devices, Set(Device.allCases))
    }
}

import Foundation
import XCTest

@testable import SiteGen

/// Runs `sitegen check` on a fixture project and finds diagnostics in its report.
extension ProjectFixture {
    func check(decoder: QRDecoderTool? = QRDecoderTool.find()) -> CheckReport {
        Checker.check(CheckOptions(sites: sites, templates: templates, decoder: decoder))
    }

    /// The standard project with one file replaced: the broken fixture of one rule.
    static func standard(replacing path: String, with text: String) throws -> ProjectFixture {
        let project = try ProjectFixture.standard()
        try project.write(path, text)
        return project
    }

    /// The standard fixture's site.yml with a destination, ending in its `qr:` block so that a
    /// test may append `  key: value` lines to `qr:` (from line 21) or new top-level blocks.
    static let standardSiteYAML = """
        title: Café Nord
        base_url: https://qr.example.com
        template: basic
        timezone: Europe/Paris
        params:
          phone: "+33 1 23 45"
        variants:
          - id: morning
            params: { headline: "Fresh croissants" }
          - id: evening
            params: { headline: "Wine & tapas" }
          - id: order
            redirect: https://shop.example.com/order
        goals:
          - { id: reserve, value: 2 }
        destinations:
          - https://book.example.com/cafe
        qr:
          placements:
            - { id: table }

        """
}

extension CheckReport {
    /// The findings whose `path:line:column` ends with `position` and whose message contains `text`.
    func findings(at position: String, _ severity: Diagnostic.Severity = .error, containing text: String)
        -> [Diagnostic]
    {
        diagnostics.filter {
            "\($0.location)".hasSuffix(position) && $0.severity == severity && $0.message.contains(text)
        }
    }

    func assertFinding(
        at position: String, _ severity: Diagnostic.Severity = .error, containing text: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertFalse(
            findings(at: position, severity, containing: text).isEmpty,
            "expected …\(position): \(severity.rawValue): …\(text)…, got:\n\(self.text)", file: file, line: line)
    }
}

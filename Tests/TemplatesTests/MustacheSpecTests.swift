import Foundation
import Templates
import TestKit
import XCTest

/// Runs every test of the official Mustache spec files (all but the optional lambdas module,
/// which has no Swift lambdas), vendored under `Tests/Fixtures/specs/mustache`.
final class MustacheSpecTests: XCTestCase {
    private struct SpecFile: Decodable {
        let tests: [SpecCase]
    }

    private struct SpecCase: Decodable {
        let name: String
        let desc: String
        let data: TemplateValue
        let template: String
        let partials: [String: String]?
        let expected: String
    }

    /// Runs one spec file and returns how many cases passed.
    @discardableResult
    private func runSpec(_ file: String, expectedCount: Int) throws -> Int {
        let url = VendoredSpec.mustache(file)
        let spec = try JSONDecoder().decode(SpecFile.self, from: Data(contentsOf: url))
        XCTAssertEqual(spec.tests.count, expectedCount, "\(file): number of spec cases")
        var passed = 0
        for test in spec.tests {
            do {
                var library = TemplateLibrary()
                for (name, source) in test.partials ?? [:] {
                    library.register(try Template(source: source, name: name))
                }
                let template = try Template(source: test.template, name: "\(file): \(test.name)")
                let output = try library.render(template, context: test.data, strict: false)
                if output == test.expected {
                    passed += 1
                } else {
                    XCTFail(
                        "\(file) / \(test.name) (\(test.desc))\n  template: \(test.template.debugDescription)\n  expected: \(test.expected.debugDescription)\n  actual:   \(output.debugDescription)"
                    )
                }
            } catch {
                XCTFail("\(file) / \(test.name): threw \(error)")
            }
        }
        print("Mustache spec \(file): \(passed)/\(spec.tests.count) passed")
        return passed
    }

    func testComments() throws { try runSpec("comments", expectedCount: 12) }
    func testDelimiters() throws { try runSpec("delimiters", expectedCount: 14) }
    func testInterpolation() throws { try runSpec("interpolation", expectedCount: 42) }
    func testInverted() throws { try runSpec("inverted", expectedCount: 22) }
    func testPartials() throws { try runSpec("partials", expectedCount: 12) }
    func testSections() throws { try runSpec("sections", expectedCount: 34) }
    func testInheritance() throws { try runSpec("~inheritance", expectedCount: 27) }
    func testDynamicNames() throws { try runSpec("~dynamic-names", expectedCount: 21) }
}

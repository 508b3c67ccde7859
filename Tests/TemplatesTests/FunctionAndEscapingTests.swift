import Templates
import XCTest

final class FunctionAndEscapingTests: XCTestCase {
    private struct MissingAsset: Error, CustomStringConvertible {
        let path: String
        var description: String { "unknown asset `\(path)`" }
    }

    private let asset = TemplateFunction(name: "asset") { path in
        guard path == "css/site.css" else { throw MissingAsset(path: path) }
        return "/luna/assets/css/site.3f2a1b9c.css"
    }

    func testFunctionSectionReceivesRawTextAndIsInsertedVerbatim() throws {
        let template = try Template(source: "<link href=\"{{#asset}}css/site.css{{/asset}}\">", name: "t")
        let output = try template.render(["asset": .function(asset)], strict: true)
        XCTAssertEqual(output, "<link href=\"/luna/assets/css/site.3f2a1b9c.css\">")
    }

    func testFunctionGetsTheRenderedSectionAndItsResultIsNotEscaped() throws {
        let echo = TemplateFunction(name: "echo") { "<b>\($0)</b>" }
        let template = try Template(source: "{{#echo}}{{name}} & co{{/echo}}", name: "t")
        XCTAssertEqual(
            try template.render(["echo": .function(echo), "name": "x"], strict: true), "<b>x & co</b>")
    }

    func testFunctionResultIsNotRerendered() throws {
        let braces = TemplateFunction(name: "braces") { _ in "{{name}}" }
        let template = try Template(source: "{{#braces}}.{{/braces}}", name: "t")
        XCTAssertEqual(try template.render(["braces": .function(braces), "name": "x"], strict: true), "{{name}}")
    }

    func testFunctionInterpolationIsCalledWithEmptyText() throws {
        let probe = TemplateFunction(name: "probe") { "[\($0)]<" }
        let template = try Template(source: "{{probe}} {{{probe}}}", name: "t")
        XCTAssertEqual(try template.render(["probe": .function(probe)], strict: true), "[]&lt; []<")
    }

    func testThrowingFunctionFailsAtTheSection() throws {
        let template = try Template(
            source: "<head>\n  <link href=\"{{#asset}}css/missing.css{{/asset}}\">", name: "layout",
            file: "partials/layout.mustache")
        do {
            _ = try template.render(["asset": .function(asset)], strict: false)
            XCTFail("expected the helper's error")
        } catch {
            XCTAssertEqual(error.location, SourceLocation(file: "partials/layout.mustache", line: 2, column: 15))
            XCTAssertEqual(error.message, "`{{#asset}}` failed: unknown asset `css/missing.css`")
        }
    }

    func testFunctionsAreTruthyForInvertedSections() throws {
        let template = try Template(source: "{{^asset}}no helper{{/asset}}", name: "t")
        XCTAssertEqual(try template.render(["asset": .function(asset)], strict: true), "")
    }

    func testEscapesTheFiveHTMLCharacters() throws {
        let template = try Template(source: "{{text}}|{{{text}}}|{{&text}}", name: "t")
        let output = try template.render(["text": "a & b < c > d \" e ' f"], strict: true)
        XCTAssertEqual(output, "a &amp; b &lt; c &gt; d &quot; e &#39; f|a & b < c > d \" e ' f|a & b < c > d \" e ' f")
    }

    func testEscapingKeepsMultibyteTextIntact() throws {
        let template = try Template(source: "{{text}}", name: "t")
        XCTAssertEqual(try template.render(["text": "Caffè <é> 🍕&"], strict: true), "Caffè &lt;é&gt; 🍕&amp;")
        XCTAssertEqual(try template.render(["text": "plain ünïcode"], strict: true), "plain ünïcode")
    }

    func testNumbersAndBooleansInterpolate() throws {
        let template = try Template(source: "{{int}} {{double}} {{whole}} {{flag}}", name: "t")
        XCTAssertEqual(
            try template.render(["int": 42, "double": 1.5, "whole": 3.0, "flag": true], strict: true), "42 1.5 3 true")
    }

    func testStandalonePartialsAreIndentedLineByLine() throws {
        var library = TemplateLibrary()
        library.register(try Template(source: "<li>{{name}}</li>\n<li>{{{note}}}</li>\n", name: "item"))
        let template = try Template(source: "<ul>\n  {{>item}}\n</ul>\n", name: "t")
        let output = try library.render(template, context: ["name": "a", "note": "x\ny"], strict: true)
        // The value's own newline is not indented: indentation belongs to template lines.
        XCTAssertEqual(output, "<ul>\n  <li>a</li>\n  <li>x\ny</li>\n</ul>\n")
    }

    func testLayoutInheritanceWithIndentedBlocks() throws {
        var library = TemplateLibrary()
        library.register(
            try Template(source: "<body>\n  <main>\n    {{$main}}\n    {{/main}}\n  </main>\n</body>\n", name: "layout")
        )
        library.register(
            try Template(
                source: "{{<layout}}\n{{$main}}\n<h1>{{title}}</h1>\n<p>Hi</p>\n{{/main}}\n{{/layout}}\n", name: "page")
        )
        let output = try library.render("page", context: ["title": "Menu"], strict: true)
        XCTAssertEqual(output, "<body>\n  <main>\n    <h1>Menu</h1>\n    <p>Hi</p>\n  </main>\n</body>\n")

        // `{{$main}}{{/main}}` on one line keeps its line end (inheritance spec "Standalone block"),
        // so content ending in a newline leaves one blank line.
        library.register(try Template(source: "<main>\n  {{$main}}{{/main}}\n</main>\n", name: "layout"))
        XCTAssertEqual(
            try library.render("page", context: ["title": "Menu"], strict: true),
            "<main>\n  <h1>Menu</h1>\n  <p>Hi</p>\n\n</main>\n")
    }

    func testLibraryIsUsableFromConcurrentTasks() async throws {
        var library = TemplateLibrary()
        library.register(try Template(source: "{{#items}}{{.}},{{/items}}", name: "list"))
        let shared = library
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<8 {
                group.addTask {
                    try shared.render("list", context: ["items": [.int(index), .int(index + 1)]], strict: true)
                }
            }
            var results: [String] = []
            for try await output in group { results.append(output) }
            return results.sorted()
        }
        XCTAssertEqual(outputs, (0..<8).map { "\($0),\($0 + 1)," }.sorted())
    }
}

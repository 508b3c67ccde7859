import Templates
import XCTest

/// Behaviour the build relies on beyond the spec's examples: layouts chosen by data, blocks
/// reaching partials of a layout, Windows line ends.
final class LayoutTests: XCTestCase {
    private func library(_ templates: [String: String]) throws -> TemplateLibrary {
        var library = TemplateLibrary()
        for (name, source) in templates { library.register(try Template(source: source, name: name)) }
        return library
    }

    func testDynamicParentPicksTheLayoutFromData() throws {
        let library = try library([
            "wide": "<wide>{{$main}}{{/main}}</wide>",
            "narrow": "<narrow>{{$main}}{{/main}}</narrow>",
            "page": "{{<*layout}}{{$main}}{{title}}{{/main}}{{/*layout}}",
        ])
        XCTAssertEqual(
            try library.render("page", context: ["layout": "wide", "title": "A"], strict: true), "<wide>A</wide>")
        XCTAssertEqual(
            try library.render("page", context: ["layout": "narrow", "title": "B"], strict: true), "<narrow>B</narrow>")
    }

    func testBlocksOverriddenByAPageReachPartialsOfTheLayout() throws {
        let library = try library([
            "head": "<title>{{$title}}Default{{/title}}</title>",
            "layout": "{{>head}}<main>{{$main}}{{/main}}</main>",
            "page": "{{<layout}}{{$title}}Menu{{/title}}{{$main}}Dishes{{/main}}{{/layout}}",
        ])
        XCTAssertEqual(try library.render("page", context: [:], strict: true), "<title>Menu</title><main>Dishes</main>")
        XCTAssertEqual(try library.render("layout", context: [:], strict: true), "<title>Default</title><main></main>")
    }

    func testStandaloneLinesWithWindowsLineEnds() throws {
        let template = try Template(
            source: "<ul>\r\n  {{#items}}\r\n  <li>{{.}}</li>\r\n  {{/items}}\r\n</ul>\r\n", name: "t")
        XCTAssertEqual(
            try template.render(["items": ["a", "b"]], strict: true),
            "<ul>\r\n  <li>a</li>\r\n  <li>b</li>\r\n</ul>\r\n")
    }

    func testNestedStandalonePartialsAccumulateIndentation() throws {
        let library = try library([
            "item": "<li>{{.}}</li>\n",
            "list": "<ul>\n  {{#items}}\n  {{>item}}\n  {{/items}}\n</ul>\n",
            "page": "<nav>\n  {{>list}}\n</nav>\n",
        ])
        XCTAssertEqual(
            try library.render("page", context: ["items": ["a", "b"]], strict: true),
            "<nav>\n  <ul>\n    <li>a</li>\n    <li>b</li>\n  </ul>\n</nav>\n")
    }

    func testChangedDelimitersDoNotLeakIntoPartials() throws {
        let library = try library([
            "p": "{{x}}",
            "page": "{{=<% %>=}}<%x%>/<%>p%>/{{x}}",
        ])
        XCTAssertEqual(try library.render("page", context: ["x": "1"], strict: true), "1/1/{{x}}")
    }
}

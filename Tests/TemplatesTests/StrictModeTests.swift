import Templates
import XCTest

final class StrictModeTests: XCTestCase {
    private let context: TemplateValue = [
        "page": ["title": "Menu", "subtitle": nil],
        "items": [["name": "Pizza"], ["name": "Pasta"]],
    ]

    private func error(_ body: () throws -> String) -> TemplateError? {
        do {
            let output = try body()
            XCTFail("expected an error, rendered \(output.debugDescription)")
            return nil
        } catch let error as TemplateError {
            return error
        } catch {
            XCTFail("unexpected error type: \(error)")
            return nil
        }
    }

    func testMissingInterpolationFailsAtItsTag() throws {
        let template = try Template(
            source: "<h1>{{page.title}}</h1>\n  <p>{{page.hero}}</p>", name: "page",
            file: "templates/bistro/page.mustache")
        let failure = error { try TemplateLibrary().render(template, context: context, strict: true) }
        XCTAssertEqual(failure?.message, "`{{page.hero}}` resolves to nothing")
        XCTAssertEqual(failure?.location, SourceLocation(file: "templates/bistro/page.mustache", line: 2, column: 6))
        XCTAssertEqual(failure?.description, "templates/bistro/page.mustache:2:6: `{{page.hero}}` resolves to nothing")
    }

    func testNullInterpolationFails() throws {
        let template = try Template(source: "{{{page.subtitle}}}", name: "page")
        let failure = error { try TemplateLibrary().render(template, context: context, strict: true) }
        XCTAssertEqual(failure?.message, "`{{{page.subtitle}}}` resolves to nothing")
        XCTAssertEqual(failure?.location.column, 1)
    }

    func testListOrObjectInterpolationFails() throws {
        let template = try Template(source: "<nav>{{items}}</nav>", name: "page")
        let failure = error { try TemplateLibrary().render(template, context: context, strict: true) }
        XCTAssertEqual(failure?.message, "`{{items}}` is a list or object, not text; iterate it with a section")
        XCTAssertEqual(failure?.location.column, 6)
        XCTAssertEqual(try TemplateLibrary().render(template, context: context, strict: false), "<nav></nav>")
    }

    func testNonStrictRendersMissingAsEmpty() throws {
        let template = try Template(
            source: "[{{page.hero}}|{{page.subtitle}}|{{>nothing}}|{{<nobody}}{{/nobody}}]", name: "page")
        XCTAssertEqual(try TemplateLibrary().render(template, context: context, strict: false), "[|||]")
    }

    func testSectionsOnMissingNamesAreFineInStrictMode() throws {
        let template = try Template(
            source:
                "{{#page.hero}}<img src=\"{{page.hero}}\">{{/page.hero}}{{^page.subtitle}}none{{/page.subtitle}}{{#items}}{{name}};{{/items}}",
            name: "page")
        XCTAssertEqual(try TemplateLibrary().render(template, context: context, strict: true), "nonePizza;Pasta;")
    }

    func testUnknownPartialAndParentFail() throws {
        let partial = try Template(source: "x\n {{>partials/missing}}", name: "page")
        let partialFailure = error { try TemplateLibrary().render(partial, context: context, strict: true) }
        XCTAssertEqual(partialFailure?.message, "unknown partial `partials/missing` in `{{>partials/missing}}`")
        XCTAssertEqual(partialFailure?.location, SourceLocation(file: "page", line: 2, column: 2))

        let parent = try Template(source: "{{<layout}}{{$main}}hi{{/main}}{{/layout}}", name: "page")
        let parentFailure = error { try TemplateLibrary().render(parent, context: context, strict: true) }
        XCTAssertEqual(parentFailure?.message, "unknown parent template `layout` in `{{<layout}}`")
        XCTAssertEqual(parentFailure?.location.column, 1)
    }

    func testUnresolvedDynamicPartialFails() throws {
        let template = try Template(source: "{{>*page.kind}}", name: "page")
        let failure = error { try TemplateLibrary().render(template, context: context, strict: true) }
        XCTAssertEqual(failure?.location.line, 1)
        XCTAssertEqual(try TemplateLibrary().render(template, context: context, strict: false), "")
    }

    func testErrorsInsidePartialsCarryThePartialsFile() throws {
        var library = TemplateLibrary()
        library.register(
            try Template(
                source: "<li>\n  {{name}} {{price}}</li>", name: "card", file: "templates/bistro/partials/card.mustache"
            ))
        library.register(
            try Template(
                source: "{{#items}}\n{{>card}}\n{{/items}}", name: "page", file: "templates/bistro/page.mustache"))
        let failure = error { try library.render("page", context: context, strict: true) }
        XCTAssertEqual(
            failure?.location, SourceLocation(file: "templates/bistro/partials/card.mustache", line: 2, column: 12))
        XCTAssertEqual(failure?.message, "`{{price}}` resolves to nothing")
    }

    func testErrorsInsideParentsAndBlocksCarryTheirFiles() throws {
        var library = TemplateLibrary()
        library.register(
            try Template(
                source: "<title>{{$title}}{{site.title}}{{/title}}</title>", name: "layout", file: "layout.mustache"))
        library.register(
            try Template(
                source: "{{<layout}}\n{{$title}}{{page.title}}{{/title}}\n{{/layout}}", name: "page",
                file: "page.mustache"))
        XCTAssertEqual(try library.render("page", context: context, strict: true), "<title>Menu</title>")

        library.register(try Template(source: "{{<layout}}{{/layout}}", name: "bare", file: "bare.mustache"))
        let failure = error { try library.render("bare", context: context, strict: true) }
        XCTAssertEqual(failure?.location, SourceLocation(file: "layout.mustache", line: 1, column: 18))
    }

    func testUnknownTemplateNameFails() {
        let failure = error { try TemplateLibrary().render("nope", context: [:], strict: false) }
        XCTAssertEqual(failure?.message, "no template named `nope`")
    }

    func testRecursivePartialFailsInsteadOfLooping() throws {
        var library = TemplateLibrary()
        library.register(try Template(source: "a{{>loop}}", name: "loop"))
        let failure = error { try library.render("loop", context: [:], strict: false) }
        XCTAssertNotNil(failure?.message.range(of: "nests more than"))
    }
}

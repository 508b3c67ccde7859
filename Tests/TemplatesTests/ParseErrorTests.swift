import Templates
import XCTest

final class ParseErrorTests: XCTestCase {
    private func parseError(_ source: String, file: String = "t.mustache") -> TemplateError? {
        do {
            _ = try Template(source: source, name: "t", file: file)
            XCTFail("expected a parse error for \(source.debugDescription)")
            return nil
        } catch {
            return error
        }
    }

    func testUnclosedTagReportsWhereItOpened() {
        let failure = parseError("<p>\n  Hello {{name\n</p>")
        XCTAssertEqual(failure?.location, SourceLocation(file: "t.mustache", line: 2, column: 9))
        XCTAssertEqual(failure?.message, "unclosed tag: `{{` has no matching `}}`")
    }

    func testPathologicalNestingIsAnErrorNotACrash() throws {
        let depth = 50_000
        let failure = parseError(String(repeating: "{{^x}}", count: depth) + String(repeating: "{{/x}}", count: depth))
        XCTAssertEqual(failure?.location, SourceLocation(file: "t.mustache", line: 1, column: 6 * 100 + 1))
        XCTAssertEqual(failure?.message, "`{{^x}}` nests sections more than 100 levels deep")
        // Ordinary nesting is untouched.
        let nested = try Template(
            source: String(repeating: "{{#a}}", count: 20) + "ok" + String(repeating: "{{/a}}", count: 20), name: "n")
        XCTAssertEqual(try nested.render(["a": true], strict: true), "ok")
    }

    func testUnclosedTagBeforeAnotherTagReportsTheFirst() {
        let failure = parseError("{{title\n<h1>{{page.title}}</h1>")
        XCTAssertEqual(failure?.location, SourceLocation(file: "t.mustache", line: 1, column: 1))
        XCTAssertEqual(failure?.message, "unclosed tag: `{{` has no matching `}}`")
    }

    func testUnclosedTripleAndCustomDelimiters() {
        XCTAssertEqual(parseError("ab{{{raw}}")?.location.column, 3)
        let custom = parseError("{{=<% %>=}}\nx <%name")
        XCTAssertEqual(custom?.location, SourceLocation(file: "t.mustache", line: 2, column: 3))
        XCTAssertEqual(custom?.message, "unclosed tag: `<%` has no matching `%>`")
    }

    func testUnclosedSectionReportsItsOpeningTag() {
        let failure = parseError("<ul>\n  {{#items}}\n  <li>{{name}}</li>\n</ul>\n")
        XCTAssertEqual(failure?.location, SourceLocation(file: "t.mustache", line: 2, column: 3))
        XCTAssertEqual(failure?.message, "`{{#items}}` is never closed (expected a closing tag for `items`)")
    }

    func testInnermostUnclosedSectionIsReported() {
        let failure = parseError("{{#a}}\n{{^b}}\n{{/a}}")
        // `{{/a}}` arrives while `{{^b}}` is open, so it is a mismatch at the closing tag.
        XCTAssertEqual(failure?.location, SourceLocation(file: "t.mustache", line: 3, column: 1))
        XCTAssertEqual(failure?.message, "`{{/a}}` does not match `{{^b}}` opened at 2:1")
    }

    func testMismatchedCloseNamesBothTags() {
        let failure = parseError("{{#page.hero}}\n  <img>\n  {{/page.heroes}}")
        XCTAssertEqual(failure?.location, SourceLocation(file: "t.mustache", line: 3, column: 3))
        XCTAssertEqual(failure?.message, "`{{/page.heroes}}` does not match `{{#page.hero}}` opened at 1:1")
    }

    func testCloseWithNothingOpen() {
        let failure = parseError("text {{/items}}")
        XCTAssertEqual(failure?.location.column, 6)
        XCTAssertEqual(failure?.message, "`{{/items}}` closes nothing: no section, block or parent is open")
    }

    func testEmptyAndInvalidNames() {
        XCTAssertEqual(parseError("a {{ }}")?.message, "empty tag name in `{{ }}`")
        XCTAssertEqual(parseError("{{#}}{{/}}")?.message, "empty tag name in `{{#}}`")
        XCTAssertEqual(parseError("{{>}}")?.message, "empty tag name in `{{>}}`")
        XCTAssertEqual(
            parseError("{{page title}}")?.message,
            "invalid name `page title` in `{{page title}}`: names cannot contain spaces")
        XCTAssertEqual(
            parseError("{{page..title}}")?.message,
            "invalid name `page..title` in `{{page..title}}`: a dotted name has an empty part")
        XCTAssertEqual(parseError("{{>*}}")?.message, "invalid dynamic name in `{{>*}}`")
    }

    func testBadDelimiters() {
        let failure = parseError("x\n{{=<% =}}")
        XCTAssertEqual(failure?.location, SourceLocation(file: "t.mustache", line: 2, column: 1))
        XCTAssertEqual(
            failure?.message,
            "invalid delimiters in `{{=<% =}}`: expected two delimiters separated by a space, like `{{=<% %>=}}`")
        XCTAssertNotNil(parseError("{{=a= b=}}"))
    }

    func testColumnsCountCharactersNotBytes() {
        let failure = parseError("héllo wörld {{#x}}")
        XCTAssertEqual(failure?.location, SourceLocation(file: "t.mustache", line: 1, column: 13))
    }

    func testErrorsInPartialsNameThePartialsFile() {
        let failure = parseError("<nav>\n{{#links}}<a>{{/link}}", file: "templates/bistro/partials/header.mustache")
        XCTAssertEqual(
            failure?.description,
            "templates/bistro/partials/header.mustache:2:14: `{{/link}}` does not match `{{#links}}` opened at 2:1")
    }

    func testUnclosedBlockAndParent() {
        XCTAssertEqual(
            parseError("{{<layout}}\n{{$main}}x\n{{/layout}}")?.message,
            "`{{/layout}}` does not match `{{$main}}` opened at 2:1")
        XCTAssertEqual(parseError("a\n{{<layout}}")?.location.line, 2)
    }
}

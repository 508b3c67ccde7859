import FuzzSupport
import Templates

// Templates are written by site authors and parsed by the build and by `sitegen preview`, which
// must report a mistake with its position, never crash. The input is up to three sources
// separated by NUL bytes: the template rendered, and the partials `p` and `q` it may include or
// extend. Each is parsed; what parses is rendered, strict and lenient, against a context with
// every value kind, a helper function and a helper that throws.

@_cdecl("FuzzTemplates_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    startFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let parts = UnsafeBufferPointer(start: data, count: size).split(
        separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
    let names = ["main", "p", "q"]
    var sources: [String: String] = [:]
    var library = TemplateLibrary()
    var main: Template?
    for (name, bytes) in zip(names, parts) {
        let source = String(decoding: bytes, as: UTF8.self)
        sources[name] = source
        do {
            let template = try Template(source: source, name: name, file: name + ".mustache")
            check(template.name == name, "name")
            library.register(template)
            if name == "main" { main = template }
        } catch {
            checkLocation(error, sources: sources)
        }
    }
    guard let main else { return 0 }
    // Text without a tag opener is output as it is. (Bytes, not Characters: a combining mark
    // after `{` hides `{{` from String's own search.)
    if let source = sources["main"], !zip(source.utf8, source.utf8.dropFirst()).contains(where: { $0 == (0x7B, 0x7B) })
    {
        check((try? main.render(context, library: library, strict: true)) == source, "plain text changed")
    }
    for strict in [false, true] {
        do {
            _ = try library.render(main, context: context, strict: strict)
        } catch {
            checkLocation(error, sources: sources)
        }
    }
    return 0
}

/// An error names one of the files and a line and column inside its text (the column may be one
/// past a line's last character: "unclosed tag at end of line").
private func checkLocation(_ error: TemplateError, sources: [String: String]) {
    let location = error.location
    guard location.file.hasSuffix(".mustache"), let source = sources[String(location.file.dropLast(9))] else {
        fail("error in unknown file: \(error)")
    }
    // Lines end at LF alone (a CR is part of its line); columns count scalars.
    let lines = Array(source.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    check(location.line >= 1 && location.line <= lines.count, "line out of range: \(error)")
    let scalars = lines[location.line - 1].filter { $0 & 0xC0 != 0x80 }.count
    check(location.column >= 1 && location.column <= scalars + 1, "column out of range: \(error)")
    check(!error.message.isEmpty, "error without a message")
}

private struct HelperFailed: Error {}

private let context: TemplateValue = [
    "a": "<b>&\"'", "n": 42, "x": 1.5, "t": true, "f": false, "z": nil, "empty": "",
    "list": [1, "two", ["a": "nested"], [], nil],
    "obj": ["a": "inner", "list": ["x", "y"], "obj": ["deep": true]],
    "upper": .function(TemplateFunction(name: "upper") { $0.uppercased() }),
    "boom": .function(TemplateFunction(name: "boom") { _ in throw HelperFailed() }),
]

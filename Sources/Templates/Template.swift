/// A parsed Mustache template: parse once, render many times.
package struct Template: Sendable {
    /// The name partials and parents refer to it by, e.g. `partials/header`.
    package let name: String
    /// The path used in error locations.
    package let file: String
    let nodes: [TemplateNode]
    /// Source size in bytes; rendering reserves about this much output up front.
    let sizeHint: Int

    /// Parses `source`; errors point into `file`.
    package init(source: String, name: String, file: String) throws(TemplateError) {
        var parser = TemplateParser(source: source, file: file)
        self.nodes = try parser.parse()
        self.name = name
        self.file = file
        self.sizeHint = source.utf8.count
    }

    /// Parses `source` whose error locations use `name` as the file.
    package init(source: String, name: String) throws(TemplateError) {
        try self.init(source: source, name: name, file: name)
    }
}

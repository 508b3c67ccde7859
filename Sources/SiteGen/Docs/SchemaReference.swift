extension SiteSchema {
    /// Every key of `keys`, depth first, with its dotted path: `qr.size_mm`, `variants[].id`.
    package static func flattenedKeys() -> [(path: String, key: SchemaKey)] {
        func walk(_ keys: [SchemaKey], prefix: String) -> [(path: String, key: SchemaKey)] {
            keys.flatMap { key -> [(path: String, key: SchemaKey)] in
                let path = prefix + key.name
                return [(path, key)] + walk(key.children, prefix: path + ".")
                    + walk(key.itemKeys, prefix: path + "[].")
            }
        }
        return walk(keys, prefix: "")
    }

    /// The site.yml reference of docs/authoring.md: one table row per key with its type,
    /// default, an example and what it does.
    package static func markdownReference() -> String {
        var lines = [
            "| key | type | default | example | what it does |",
            "| --- | --- | --- | --- | --- |",
        ]
        for (path, key) in flattenedKeys() {
            let example = SchemaExamples.byPath[path].map { "`\($0)`" } ?? ""
            let defaultValue = key.defaultValue.isEmpty ? "–" : key.defaultValue
            lines.append(
                "| `\(path)` | \(cell(key.type)) | \(cell(defaultValue)) | \(cell(example)) | \(cell(key.summary)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Pipes would end the cell early.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}

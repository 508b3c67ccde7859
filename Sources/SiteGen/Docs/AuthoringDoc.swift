/// The generated part of docs/authoring.md lives between two marker lines; everything else in
/// the file is written by hand. `sitegen docs --write` refreshes it and a test fails when it is
/// stale, so the reference always says what the parser accepts.
package enum AuthoringDoc {
    package static let beginMarker =
        "<!-- BEGIN site.yml reference: generated from SiteSchema.keys by `sitegen docs --write docs/authoring.md`; edit the schema, not this table -->"
    package static let endMarker = "<!-- END site.yml reference -->"

    package struct MarkersMissing: Error, CustomStringConvertible {
        package var description: String {
            "the file has no generated section: add a line \(AuthoringDoc.beginMarker) and a line \(AuthoringDoc.endMarker)"
        }
    }

    /// The text between the markers, as it is in `document`.
    package static func generatedSection(of document: String) throws(MarkersMissing) -> String {
        guard let begin = document.range(of: beginMarker + "\n"),
            let end = document.range(of: endMarker, range: begin.upperBound..<document.endIndex)
        else { throw MarkersMissing() }
        return String(document[begin.upperBound..<end.lowerBound])
    }

    /// `document` with the section between the markers replaced by the current reference.
    package static func updating(_ document: String) throws(MarkersMissing) -> String {
        guard let begin = document.range(of: beginMarker + "\n"),
            let end = document.range(of: endMarker, range: begin.upperBound..<document.endIndex)
        else { throw MarkersMissing() }
        return String(document[..<begin.upperBound]) + SiteSchema.markdownReference()
            + String(document[end.lowerBound...])
    }
}

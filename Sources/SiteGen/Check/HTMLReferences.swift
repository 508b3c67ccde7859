import CXML2

/// A URL-valued attribute found in rendered HTML, e.g. `<a href="menu/">` or `<img src=…>`.
struct HTMLReference: Sendable, Hashable {
    var element: String
    var attribute: String
    var value: String
}

/// Reads rendered pages with libxml2's forgiving HTML parser (what browsers accept, it accepts)
/// and lists the attributes that make the browser fetch or navigate somewhere, plus `data-goal`.
///
/// Through SAX callbacks rather than a document tree: the build scans every page it writes, and
/// building and freeing a tree per page cost more than the parsing itself.
enum HTMLReferences {
    /// Attributes whose value is a URL the visitor's browser will request.
    static let urlAttributes: Set<String> = ["href", "src", "action", "poster", "data", "formaction"]

    /// The references found so far; reached from the C callback through the parser's user data.
    private final class Collector {
        var found: [HTMLReference] = []

        /// `attributes`: name, value, name, value, …, NULL; a value is NULL for a bare attribute.
        func add(_ name: UnsafePointer<xmlChar>, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>) {
            var index = 0
            var element: String?
            while let attributeName = attributes[index] {
                let attribute = String(cString: attributeName).lowercased()
                if HTMLReferences.urlAttributes.contains(attribute) || attribute == "data-goal"
                    || attribute == "xlink:href"
                {
                    let value = attributes[index + 1].map { String(cString: $0) } ?? ""
                    let tag = element ?? String(cString: name).lowercased()
                    element = tag
                    found.append(HTMLReference(element: tag, attribute: attribute, value: value))
                }
                index += 2
            }
        }
    }

    static func scan(_ html: String) -> [HTMLReference] {
        var bytes = Array(html.utf8)
        let count = Int32(clamping: bytes.count)
        let collector = Collector()
        bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { text in
                // htmlReadMemory does this itself; a bare parser context does not, and render
                // workers racing through libxml2's lazy global setup deadlocked in xmlDictCreate.
                xmlInitParser()
                guard let context = htmlCreateMemoryParserCtxt(text, count) else { return }
                defer { htmlFreeParserCtxt(context) }
                _ = htmlCtxtUseOptions(
                    context,
                    Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue))
                guard let sax = context.pointee.sax else { return }
                // Only start tags matter; without the tree-building callbacks no tree is built.
                sax.pointee.startElement = { user, name, attributes in
                    guard let user, let name, let attributes else { return }
                    let context = user.assumingMemoryBound(to: xmlParserCtxt.self)
                    guard let box = context.pointee._private else { return }
                    Unmanaged<Collector>.fromOpaque(box).takeUnretainedValue().add(name, attributes)
                }
                sax.pointee.endElement = nil
                sax.pointee.characters = nil
                sax.pointee.ignorableWhitespace = nil
                sax.pointee.cdataBlock = nil
                sax.pointee.comment = nil
                sax.pointee.processingInstruction = nil
                sax.pointee.internalSubset = nil
                context.pointee._private = Unmanaged.passUnretained(collector).toOpaque()
                _ = htmlParseDocument(context)
                if let document = context.pointee.myDoc { xmlFreeDoc(document) }
            }
        }
        return withExtendedLifetime(collector) { collector.found }
    }
}

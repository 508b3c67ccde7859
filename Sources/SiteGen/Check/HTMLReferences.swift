import CXML2

/// A URL-valued attribute found in rendered HTML, e.g. `<a href="menu/">` or `<img src=…>`.
struct HTMLReference: Sendable, Hashable {
    var element: String
    var attribute: String
    var value: String
}

/// Reads rendered pages with libxml2's forgiving HTML parser (what browsers accept, it accepts)
/// and lists the attributes that make the browser fetch or navigate somewhere, plus `data-goal`.
enum HTMLReferences {
    /// Attributes whose value is a URL the visitor's browser will request.
    static let urlAttributes: Set<String> = ["href", "src", "action", "poster", "data", "formaction"]

    static func scan(_ html: String) -> [HTMLReference] {
        let options = Int32(
            HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        var bytes = Array(html.utf8)
        let count = Int32(clamping: bytes.count)
        guard
            let document = bytes.withUnsafeMutableBufferPointer({ buffer -> htmlDocPtr? in
                buffer.baseAddress.flatMap { base in
                    base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                        htmlReadMemory($0, count, nil, "UTF-8", options)
                    }
                }
            })
        else { return [] }
        defer { xmlFreeDoc(document) }

        var found: [HTMLReference] = []
        // Iterative walk: generated pages can nest deeper than a comfortable recursion.
        var stack: [xmlNodePtr] = []
        if let root = xmlDocGetRootElement(document) { stack.append(root) }
        while let node = stack.popLast() {
            if node.pointee.type == XML_ELEMENT_NODE {
                let element = string(node.pointee.name).lowercased()
                var attribute = node.pointee.properties
                while let current = attribute {
                    let name = string(current.pointee.name).lowercased()
                    if urlAttributes.contains(name) || name == "data-goal" || name == "xlink:href" {
                        if let raw = xmlGetProp(node, current.pointee.name) {
                            found.append(
                                HTMLReference(element: element, attribute: name, value: string(raw)))
                            sitegen_xml_free(raw)
                        }
                    }
                    attribute = current.pointee.next
                }
            }
            // Children pushed in reverse so the walk (and the report) follows document order.
            var children: [xmlNodePtr] = []
            var child = node.pointee.children
            while let current = child {
                children.append(current)
                child = current.pointee.next
            }
            stack.append(contentsOf: children.reversed())
        }
        return found
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    private static func string(_ pointer: UnsafeMutablePointer<xmlChar>) -> String {
        String(cString: pointer)
    }
}

/// Assembles a PDF file (ISO 32000-1) object by object and writes the cross-reference table with
/// each object's exact byte offset, which is what readers seek by.
///
/// Objects are numbered first (`reserve()`) and written later in any order, because pages name
/// their parent and the page tree names its kids.
struct PDFWriter {
    /// Version, then a comment of four bytes above 127 so that transfer tools treat the file as
    /// binary (the specification's recommendation).
    private var output: [UInt8] = Array("%PDF-1.4\n%".utf8) + [0xe2, 0xe3, 0xcf, 0xd3, 0x0a]
    private var offsets: [Int?] = []

    /// A new object number, to be written with `add`.
    mutating func reserve() -> Int {
        offsets.append(nil)
        return offsets.count
    }

    /// Writes object `number`: `dictionary` is its `<< … >>` (or any other object) text; with
    /// `stream`, the bytes follow as its stream and `/Length` is added to the dictionary.
    mutating func add(_ number: Int, _ dictionary: String, stream: [UInt8]? = nil) {
        guard number >= 1, number <= offsets.count else { return }
        offsets[number - 1] = output.count
        output += Array("\(number) 0 obj\n".utf8)
        if let stream {
            // The dictionary's closing `>>` gains the length; callers pass a dictionary.
            var text = dictionary
            if text.hasSuffix(">>") { text.removeLast(2) }
            output += Array("\(text) /Length \(stream.count) >>\nstream\n".utf8)
            output += stream
            output += Array("\nendstream".utf8)
        } else {
            output += Array(dictionary.utf8)
        }
        output += Array("\nendobj\n".utf8)
    }

    /// The file: objects, the cross-reference table (20 bytes per entry, as the format
    /// requires), trailer and `startxref`. Numbers reserved but never written become `null`
    /// objects, so the table is complete whatever the caller did.
    func finished(root: Int, info: Int) -> [UInt8] {
        var writer = self
        for (index, offset) in offsets.enumerated() where offset == nil {
            writer.add(index + 1, "null")
        }
        var file = writer.output
        let table = file.count
        var xref = "xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n"
        for offset in writer.offsets {
            let digits = String(offset ?? 0)
            xref += String(repeating: "0", count: max(10 - digits.count, 0)) + digits + " 00000 n \n"
        }
        xref += "trailer\n<< /Size \(offsets.count + 1) /Root \(root) 0 R /Info \(info) 0 R >>\n"
        xref += "startxref\n\(table)\n%%EOF\n"
        file += Array(xref.utf8)
        return file
    }

    /// A literal string `( … )` in WinAnsiEncoding: `\`, `(` and `)` escaped, printable ASCII as
    /// is, Latin-1 letters as octal escapes (WinAnsi agrees with Latin-1 there), and anything
    /// else, which the standard fonts cannot show, as `?`.
    static func literal(_ text: String) -> String {
        var out = "("
        for byte in winAnsi(text) {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"):
                out += "\\" + String(UnicodeScalar(byte))
            case 32...126:
                out += String(UnicodeScalar(byte))
            default:
                let octal = String(byte, radix: 8)
                out += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }
        }
        return out + ")"
    }

    /// The bytes `literal` encodes, for measuring the text.
    static func winAnsi(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 32...126, 0xa0...0xff: return UInt8(scalar.value)
            default: return UInt8(ascii: "?")
            }
        }
    }
}

/// The `decisions.features` column: a flat JSON object of strings, keys sorted. Hand-written because
/// encoding runs for every impression on the writer thread, where JSONEncoder would cost more than the
/// insert itself; decoding accepts exactly what `encode` writes plus standard JSON escapes.
enum FeatureJSON {
    static func encode(_ features: [String: String]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(16 + features.count * 24)
        out.append(UInt8(ascii: "{"))
        // Sorting the pairs, not the keys, saves a hash lookup per feature.
        for (key, value) in features.sorted(by: { $0.key < $1.key }) {
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendString(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Works on UTF-8 bytes: only ASCII needs escaping, and multi-byte sequences never contain ASCII.
    /// Feature values are sanitised upstream, so the usual string is copied whole.
    private static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            if bytes.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
                out.append(contentsOf: bytes)
            } else {
                for byte in bytes { appendEscaped(byte, to: &out) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
            out.append(UInt8(ascii: "\\"))
            out.append(byte)
        case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case UInt8(ascii: "\r"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case UInt8(ascii: "\t"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case 0..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [
                UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
            ])
        default: out.append(byte)
        }
    }

    struct DecodeError: Error {
        let detail: String
    }

    static func decode(_ text: String) throws(DecodeError) -> [String: String] {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        return try parser.object()
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0

        mutating func object() throws(DecodeError) -> [String: String] {
            var result: [String: String] = [:]
            skipSpace()
            try expect("{")
            skipSpace()
            if peek() == "}" {
                index += 1
            } else {
                while true {
                    skipSpace()
                    let key = try string()
                    skipSpace()
                    try expect(":")
                    skipSpace()
                    result[key] = try string()
                    skipSpace()
                    if peek() == "," {
                        index += 1
                        continue
                    }
                    try expect("}")
                    break
                }
            }
            skipSpace()
            guard index == scalars.count else { throw DecodeError(detail: "trailing characters at \(index)") }
            return result
        }

        mutating func string() throws(DecodeError) -> String {
            try expect("\"")
            var out = String.UnicodeScalarView()
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                switch scalar {
                case "\"": return String(out)
                case "\\": out.append(try escape())
                default: out.append(scalar)
                }
            }
            throw DecodeError(detail: "unterminated string")
        }

        private mutating func escape() throws(DecodeError) -> Unicode.Scalar {
            guard index < scalars.count else { throw DecodeError(detail: "unterminated escape") }
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "\"", "\\", "/": return scalar
            case "n": return "\n"
            case "r": return "\r"
            case "t": return "\t"
            case "b": return "\u{08}"
            case "f": return "\u{0C}"
            case "u":
                let high = try hex4()
                if (0xD800..<0xDC00).contains(high) {
                    // A surrogate pair: \uD83D\uDE00 and the like.
                    guard index + 1 < scalars.count, scalars[index] == "\\", scalars[index + 1] == "u" else {
                        throw DecodeError(detail: "lone surrogate")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low),
                        let combined = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                    else { throw DecodeError(detail: "bad surrogate pair") }
                    return combined
                }
                guard let value = Unicode.Scalar(high) else { throw DecodeError(detail: "bad \\u escape") }
                return value
            default:
                throw DecodeError(detail: "unknown escape \\\(scalar)")
            }
        }

        private mutating func hex4() throws(DecodeError) -> UInt32 {
            guard index + 4 <= scalars.count else { throw DecodeError(detail: "short \\u escape") }
            var value: UInt32 = 0
            for scalar in scalars[index..<index + 4] {
                guard let digit = Character(scalar).hexDigitValue else {
                    throw DecodeError(detail: "bad hex digit in \\u escape")
                }
                value = value * 16 + UInt32(digit)
            }
            index += 4
            return value
        }

        private func peek() -> Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        private mutating func expect(_ scalar: Unicode.Scalar) throws(DecodeError) {
            guard peek() == scalar else { throw DecodeError(detail: "expected \(scalar) at \(index)") }
            index += 1
        }

        private mutating func skipSpace() {
            while let scalar = peek(), scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" {
                index += 1
            }
        }
    }
}

/// Sanitising of free-form categorical values (`src`, extras): lowercase `[a-z0-9_-]`, 1–32 bytes.
///
/// Anything else is rejected whole rather than stripped, so that two different hostile inputs can
/// never collapse into one legitimate-looking category.
package enum CategoryValue {
    package static let maxLength = 32

    package static func sanitise(_ raw: String) -> String? {
        var raw = raw
        let verdict = raw.withUTF8 { bytes -> Verdict in
            guard !bytes.isEmpty, bytes.count <= maxLength else { return .invalid }
            var verdict = Verdict.clean
            for byte in bytes {
                let lower = ASCII.lowercase(byte)
                guard
                    ASCII.isLetter(lower) || ASCII.isDigit(lower) || lower == UInt8(ascii: "-")
                        || lower == UInt8(ascii: "_")
                else { return .invalid }
                if lower != byte { verdict = .needsLowercase }
            }
            return verdict
        }
        switch verdict {
        case .clean: return raw  // the common case allocates nothing
        case .needsLowercase: return raw.withUTF8(ASCII.lowercasedString)
        case .invalid: return nil
        }
    }

    private enum Verdict { case clean, needsLowercase, invalid }
}

import Foundation

/// Text for the commands our messages suggest (`sitegen keys list --db …`), so that a path with a
/// space or a connection string with `?` and `&` can be pasted into a shell as printed.
package enum ShellWord {
    /// `text` as one shell word: as it is when it needs no quoting, else in single quotes.
    package static func quoted(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "/._-+,:@%".unicodeScalars.contains($0)
        }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

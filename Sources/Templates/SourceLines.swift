/// Turns byte offsets into `SourceLocation`s for one source file.
///
/// The parser works on UTF-8 bytes; people read lines and characters. Line starts are found once
/// so each location costs a binary search plus a scan of one line.
struct SourceLines: Sendable {
    let file: String
    private let bytes: [UInt8]
    private let lineStarts: [Int]

    init(file: String, bytes: [UInt8]) {
        self.file = file
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        lineStarts = starts
    }

    func location(of offset: Int) -> SourceLocation {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        // Columns count characters, approximated by Unicode scalars: skip UTF-8 continuation bytes.
        var column = 1
        var index = lineStarts[low]
        while index < offset, index < bytes.count {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourceLocation(file: file, line: low + 1, column: column)
    }
}

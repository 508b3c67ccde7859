/// Finds, in one pass over at most `limit` bytes, which of a fixed set of ASCII needles occur in a
/// string, ignoring ASCII case (an Aho–Corasick automaton compiled into a dense table).
///
/// Checking ~150 User-Agent tokens one `contains` at a time costs tens of microseconds; one table
/// walk over the bytes costs well under one. Each needle reports a bit; a match sets its bit.
struct TokenMatcher: Sendable {
    /// A needle symbol: a byte, or `end` to anchor a needle at the end of the input.
    static let end: UInt16 = 256

    private let classOf: [UInt8]  // 257 entries: byte (or end) → symbol class
    private let classCount: Int
    private let next: [UInt16]  // state * classCount + class → state
    private let output: [UInt64]  // state → bits of every needle ending there
    let limit: Int

    /// `needles` pairs a lowercase needle (as symbols) with the bit index (0..<64) it reports.
    init(needles: [(symbols: [UInt16], bit: Int)], limit: Int) {
        self.limit = limit
        // Bytes that occur in no needle all share class 0, which keeps the table small.
        var classOf = [UInt8](repeating: 0, count: 257)
        var count = 1
        for needle in needles {
            for symbol in needle.symbols where classOf[Int(symbol)] == 0 {
                classOf[Int(symbol)] = UInt8(count)
                count += 1
            }
        }
        for upper in UInt8(ascii: "A")...UInt8(ascii: "Z") {
            classOf[Int(upper)] = classOf[Int(upper | 0x20)]
        }
        self.classOf = classOf
        self.classCount = count

        // Trie.
        var children: [[Int: Int]] = [[:]]
        var out: [UInt64] = [0]
        for needle in needles {
            var state = 0
            for symbol in needle.symbols {
                let c = Int(classOf[Int(symbol)])
                if let child = children[state][c] {
                    state = child
                } else {
                    children.append([:])
                    out.append(0)
                    children[state][c] = children.count - 1
                    state = children.count - 1
                }
            }
            out[state] |= 1 << UInt64(needle.bit)
        }

        // Breadth-first failure links, folded straight into a complete transition table.
        var table = [UInt16](repeating: 0, count: children.count * count)
        var fail = [Int](repeating: 0, count: children.count)
        var queue: [Int] = []
        for c in 0..<count {
            if let child = children[0][c] {
                table[c] = UInt16(child)
                queue.append(child)
            }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            out[state] |= out[fail[state]]
            for c in 0..<count {
                if let child = children[state][c] {
                    fail[child] = Int(table[fail[state] * count + c])
                    table[state * count + c] = UInt16(child)
                    queue.append(child)
                } else {
                    table[state * count + c] = table[fail[state] * count + c]
                }
            }
        }
        self.next = table
        self.output = out
    }

    /// Convenience: needles as lowercase strings; a trailing `$` anchors at the end of input.
    init(tokens: [(String, Int)], limit: Int) {
        let needles = tokens.map { token, bit -> (symbols: [UInt16], bit: Int) in
            var symbols = token.utf8.map { UInt16(ASCII.lowercase($0)) }
            if symbols.last == UInt16(UInt8(ascii: "$")) {
                symbols[symbols.count - 1] = TokenMatcher.end
            }
            return (symbols, bit)
        }
        self.init(needles: needles, limit: limit)
    }

    /// The union of the bits of every needle found in the first `limit` bytes of `text`.
    func scan(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = Swift.min(text.count, limit)
        var found: UInt64 = 0
        next.withUnsafeBufferPointer { next in
            output.withUnsafeBufferPointer { output in
                classOf.withUnsafeBufferPointer { classOf in
                    var state = 0
                    for i in 0..<n {
                        state = Int(next[state &* classCount &+ Int(classOf[Int(text[i])])])
                        found |= output[state]
                    }
                    // A cut-off input has no real end, so end-anchored needles must not match it.
                    if n == text.count {
                        state = Int(
                            next[state &* classCount &+ Int(classOf[Int(TokenMatcher.end)])])
                        found |= output[state]
                    }
                }
            }
        }
        return found
    }
}

#if canImport(Glibc)
    import Glibc
#endif

/// Byte-wise substring search for the per-page passes over rendered HTML. Foundation's
/// `range(of:)` and `contains(_:)` compare by Unicode rules through NSString, which cost more
/// than rendering the page; the markers searched for here are ASCII, so a byte match is a
/// character match.
extension String {
    /// The first occurrence of `needle`, comparing UTF-8 bytes.
    func firstByteRange(of needle: String) -> Range<String.Index>? {
        byteOffsets(of: needle).map { range(utf8Offsets: $0) }
    }

    /// The last occurrence of `needle`, comparing UTF-8 bytes.
    func lastByteRange(of needle: String) -> Range<String.Index>? {
        let found: Range<Int>? = withContiguousUTF8 { haystack in
            needle.withContiguousUTF8 { pattern in
                guard !pattern.isEmpty, pattern.count <= haystack.count,
                    let base = haystack.baseAddress, let patternBase = pattern.baseAddress
                else { return nil }
                for start in stride(from: haystack.count - pattern.count, through: 0, by: -1)
                where memcmp(base + start, patternBase, pattern.count) == 0 {
                    return start..<(start + pattern.count)
                }
                return nil
            }
        }
        return found.map { range(utf8Offsets: $0) }
    }

    func containsBytes(_ needle: String) -> Bool { byteOffsets(of: needle) != nil }

    private func byteOffsets(of needle: String) -> Range<Int>? {
        withContiguousUTF8 { haystack in
            needle.withContiguousUTF8 { pattern in
                guard let first = pattern.first, pattern.count <= haystack.count,
                    let base = haystack.baseAddress, let patternBase = pattern.baseAddress
                else { return nil }
                // memchr finds candidates at memory speed; memcmp confirms. (Glibc's memmem is a
                // GNU extension Swift's Glibc module does not declare.)
                let last = haystack.count - pattern.count
                var start = 0
                while start <= last, let hit = memchr(base + start, Int32(first), last - start + 1) {
                    start = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                    if memcmp(base + start, patternBase, pattern.count) == 0 {
                        return start..<(start + pattern.count)
                    }
                    start += 1
                }
                return nil
            }
        }
    }

    private func range(utf8Offsets offsets: Range<Int>) -> Range<String.Index> {
        let lower = utf8.index(utf8.startIndex, offsetBy: offsets.lowerBound)
        return lower..<utf8.index(lower, offsetBy: offsets.count)
    }

    /// Native strings hand out their bytes directly; a bridged one is copied once.
    private func withContiguousUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }
}

/// ISO 3166-1 alpha-2 country codes from CDN headers such as `CF-IPCountry`.
enum CountryCode {
    /// Uppercase code, or nil for anything but two ASCII letters (surrounding spaces allowed) and
    /// for the CDNs' "don't know" values: Cloudflare's `XX` and `T1` (Tor), and `ZZ`.
    static func parse(_ raw: String) -> String? {
        var raw = raw
        return raw.withUTF8 { bytes -> String? in
            guard bytes.count <= 16 else { return nil }
            var letters: (UInt8, UInt8) = (0, 0)
            var count = 0
            for byte in bytes where byte != 0x20 && byte != 0x09 {
                guard ASCII.isLetter(byte), count < 2 else { return nil }
                let upper = byte & ~0x20
                if count == 0 { letters.0 = upper } else { letters.1 = upper }
                count += 1
            }
            guard count == 2 else { return nil }
            // Spaces in the middle ("F R") are not a code.
            if let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
                bytes[first + 1] == 0x20 || bytes[first + 1] == 0x09
            {
                return nil
            }
            if letters == (0x58, 0x58) || letters == (0x5A, 0x5A) { return nil }  // XX, ZZ
            return String(unsafeUninitializedCapacity: 2) { buffer in
                buffer[0] = letters.0
                buffer[1] = letters.1
                return 2
            }
        }
    }
}

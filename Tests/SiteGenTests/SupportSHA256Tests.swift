import XCTest

@testable import SiteGen

final class SupportSHA256Tests: XCTestCase {
    /// NIST FIPS 180-4 examples and the NIST CAVP short/long messages.
    func testNISTVectors() {
        XCTAssertEqual(SHA256.hash("").hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hash("abc").hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            SHA256.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").hex,
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(
            SHA256.hash(
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
            ).hex,
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        XCTAssertEqual(
            SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000)).hex,
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        XCTAssertEqual(SHA256.hash([0xbd]).hex, "68325720aabd7c82f30f554b313d0570c95accbb7dc4b5aae11204c08ffe732b")
        XCTAssertEqual(
            SHA256.hash([0xc9, 0x8c, 0x8e, 0x55]).hex,
            "7abc22c0ae5af26ce93dbb94433a0e0b2e119d014f8e7f65bd56c61ccccd9504")
    }

    /// Lengths around the padding boundary (55, 56, 63, 64, 65 bytes) must hash the same whether fed
    /// at once or in awkward pieces.
    func testIncrementalMatchesOneShotAcrossBlockBoundaries() {
        let data = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 300] {
            let message = Array(data[0..<length])
            let oneShot = SHA256.hash(message)
            for piece in [1, 3, 63, 64, 65] {
                var hasher = SHA256()
                var start = 0
                while start < length {
                    let end = min(start + piece, length)
                    hasher.update(Array(message[start..<end]))
                    start = end
                }
                XCTAssertEqual(hasher.finalize(), oneShot, "length \(length), pieces of \(piece)")
            }
        }
        XCTAssertEqual(
            SHA256.hash(Array(repeating: 0x61, count: 56)).hex,
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        XCTAssertEqual(
            SHA256.hash(Array(repeating: 0x61, count: 64)).hex,
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    func testDigestBytesAndDescription() {
        let digest = SHA256.hash("abc")
        XCTAssertEqual(digest.bytes.count, 32)
        XCTAssertEqual(digest.bytes.prefix(4), [0xba, 0x78, 0x16, 0xbf])
        XCTAssertEqual("\(digest)", digest.hex)
    }
}

import XCTest

@testable import SiteGen

/// RFC 4231 test cases 1–7 (case 5 checks the truncated 128-bit output).
final class SupportHMACTests: XCTestCase {
    private func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return out
    }

    private func mac(key: [UInt8], data: [UInt8]) -> String {
        HMACSHA256(key: key).authenticationCode(for: data).hex
    }

    func testRFC4231Vectors() {
        XCTAssertEqual(
            mac(key: Array(repeating: 0x0b, count: 20), data: Array("Hi There".utf8)),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        XCTAssertEqual(
            mac(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8)),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        XCTAssertEqual(
            mac(key: Array(repeating: 0xaa, count: 20), data: Array(repeating: 0xdd, count: 50)),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")
        XCTAssertEqual(
            mac(
                key: bytes("0102030405060708090a0b0c0d0e0f10111213141516171819"),
                data: Array(repeating: 0xcd, count: 50)),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")
        XCTAssertEqual(
            String(mac(key: Array(repeating: 0x0c, count: 20), data: Array("Test With Truncation".utf8)).prefix(32)),
            "a3b6167473100ee06e0c796c2955552b")
        XCTAssertEqual(
            mac(
                key: Array(repeating: 0xaa, count: 131),
                data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        XCTAssertEqual(
            mac(
                key: Array(repeating: 0xaa, count: 131),
                data: Array(
                    ("This is a test using a larger than block-size key and a larger than block-size data. "
                        + "The key needs to be hashed before being used by the HMAC algorithm.").utf8)),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")
    }

    func testStringMessageAndVerification() {
        let signer = HMACSHA256(key: Array("Jefe".utf8))
        let code = signer.authenticationCode(for: "what do ya want for nothing?")
        XCTAssertEqual(code.hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        XCTAssertTrue(signer.isValid(code.bytes, for: Array("what do ya want for nothing?".utf8)))
        var tampered = code.bytes
        tampered[31] ^= 1
        XCTAssertFalse(signer.isValid(tampered, for: Array("what do ya want for nothing?".utf8)))
        XCTAssertFalse(signer.isValid(Array(code.bytes.prefix(16)), for: Array("what do ya want for nothing?".utf8)))
    }
}

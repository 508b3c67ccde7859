import FuzzSupport
import Hummingbird
import Insight
import Runtime

@_cdecl("FuzzBodies_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    startFuzzer(argc, argv, fuzz)
}

// Request bodies and query strings are the API's untrusted input: the conversion beacon (JSON or
// form), `/ml/bandit/select` and `/update`, the forecast endpoints, and every query parameter
// (percent-decoded). Each must either decode or refuse with a 400 naming the problem; nothing may
// trap, and what decodes must be what was sent.

@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))

    refusedWith400 { () throws(BodyError) in _ = try JSONInput.decode(SelectRequest.self, from: bytes) }
    refusedWith400 { () throws(BodyError) in _ = try JSONInput.decode(UpdateRequest.self, from: bytes) }
    refusedWith400 { () throws(BodyError) in _ = try JSONInput.decode(ForecastRequest.self, from: bytes) }
    refusedWith400 { () throws(BodyError) in
        let input = try ConversionInput.parse(bytes)
        check(!input.goal.isEmpty || bytes.first(where: { $0 > 0x20 }) == UInt8(ascii: "{"), "empty goal from a form")
        check(
            !input.goal.utf8.contains(0) || bytes.first(where: { $0 > 0x20 }) == UInt8(ascii: "{"), "NUL in a form goal"
        )
    }

    // Query strings and percent-decoding: decoded values are valid text without NUL, and text
    // with nothing to decode comes back as it is.
    let text = String(decoding: bytes, as: UTF8.self)
    let query = QueryString(text)
    for (key, value) in query.pairs {
        check(!key.utf8.contains(0) && !value.utf8.contains(0), "NUL in a decoded pair")
    }
    for name in ["goal", "value", "src", "to", "sg_click", ""] {
        if let value = query.value(name) { check(!value.utf8.contains(0), "NUL in \(name)") }
    }
    for plusIsSpace in [false, true] {
        let decoded = PercentDecoding.decode(text[...], plusIsSpace: plusIsSpace)
        if let decoded { check(!decoded.utf8.contains(0), "NUL decoded") }
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") || $0 == 0 }) {
            check(decoded == text, "plain text changed by decoding")
        }
    }
    // Any text without NUL survives encoding every byte and decoding.
    if !text.utf8.contains(0) {
        let encoded = text.utf8.map { byte -> String in
            let hex = Array("0123456789ABCDEF".utf8)
            return String(decoding: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
        }.joined()
        check(PercentDecoding.decode(encoded[...], plusIsSpace: true) == text, "percent round trip")
    }
    return 0
}

/// Runs `decode`; a refusal must be a 400 with a JSON body.
private func refusedWith400(_ decode: () throws(BodyError) -> Void) {
    do {
        try decode()
    } catch {
        check(error.response.status == .badRequest, "refused with \(error.response.status)")
        check(error.response.headers[.contentType]?.hasPrefix("application/json") == true, "refusal is not JSON")
    }
}

/// Device and operating system from a User-Agent, refined by User-Agent client hints.
///
/// Order matters and follows how real browsers lie: bots first (Googlebot's smartphone UA says
/// "Android … Mobile"), then large screens (Xbox says "Windows NT"), then Apple devices (iOS says
/// "like Mac OS X"), then Android by its "Mobile" token, then everything else.
/// In-app browsers (Instagram, Facebook, TikTok, WeChat, Line, Snapchat) carry the UA of the
/// WebView they run in, so they classify as the device underneath.
struct DeviceClassifier: Sendable {
    /// Bytes of the User-Agent looked at: real ones are 100–300 bytes and the tokens that matter
    /// come early.
    static let byteLimit = 512

    /// Built once per process (about a thousand needles), shared by every extractor.
    private static let matcher = TokenMatcher(
        tokens: UserAgentSignal.tokens.map { ($0.0, $0.1.rawValue) },
        limit: DeviceClassifier.byteLimit)

    struct Result: Equatable, Sendable {
        var device: Device
        var os: String?
    }

    /// Scanning a User-Agent costs more than hashing it, and a site's visitors share a few
    /// hundred of them. Keyed by the User-Agent alone: the hints are applied afterwards.
    private let recent = BoundedCache<String, Result>(capacity: 1024)

    /// `mobileHint` is `Sec-CH-UA-Mobile`, `platformHint` is `Sec-CH-UA-Platform`, both raw.
    func classify(userAgent: String?, mobileHint: String? = nil, platformHint: String? = nil)
        -> Result
    {
        guard let userAgent else { return Result(device: .bot, os: nil) }
        func scan() -> Result {
            var userAgent = userAgent
            return userAgent.withUTF8 { classify(bytes: $0) }
        }
        // Longer values are not kept, so the cache's memory stays bounded by `byteLimit` too.
        var result = userAgent.utf8.count <= Self.byteLimit ? recent.value(for: userAgent, orMake: scan) : scan()
        guard result.device != .bot else { return result }
        let hinted = platformHint.flatMap(Self.os(fromPlatformHint:))
        if let hinted { result.os = hinted }
        if result.device == .desktop {
            // Chrome on large Android tablets asks for desktop sites with a Linux UA, but still
            // sends `Sec-CH-UA-Platform: "Android"` and `Sec-CH-UA-Mobile: ?0`.
            if let mobileHint, Self.isTrue(mobileHint) {
                result.device = .mobile
            } else if let hinted, hinted == "android" || hinted == "ios" {
                result.device = .tablet
            }
        }
        return result
    }

    private func classify(bytes: UnsafeBufferPointer<UInt8>) -> Result {
        let start = Self.firstNonSpace(bytes)
        guard start < bytes.count else { return Result(device: .bot, os: nil) }
        let found = Self.matcher.scan(bytes)
        func has(_ signal: UserAgentSignal) -> Bool { found & signal.bit != 0 }

        let os = Self.os(found)
        if has(.bot) || (has(.genericBot) && !has(.cubot)) {
            return Result(device: .bot, os: os)
        }
        if has(.largeScreen) || has(.console)
            || (has(.tvPlatform) && !has(.mobile) && !has(.otherMobile))
        {
            // Large screen, remote or gamepad: closer to a desktop than to a touch phone. Their
            // platforms (tvOS, Tizen, webOS, Orbis…) are none of the OSes a campaign targets.
            return Result(device: .desktop, os: "other")
        }
        // Windows Phone claims to be "like iPhone OS"; Android apps on Chromebooks say "Android".
        if has(.windowsPhone) { return Result(device: .mobile, os: "windows") }
        if has(.ipad) { return Result(device: .tablet, os: "ios") }
        if has(.iphone) || has(.ipod) { return Result(device: .mobile, os: "ios") }
        // Windows 7 PCs announce "Tablet PC 2.0" whenever the pen components are installed.
        if has(.kindle) || (has(.tablet) && !has(.windows)) {
            return Result(device: .tablet, os: os)
        }
        if has(.chromeOS) { return Result(device: .desktop, os: "chromeos") }
        if has(.android) { return Result(device: has(.mobile) ? .mobile : .tablet, os: "android") }
        if has(.otherMobile) || has(.mobile) { return Result(device: .mobile, os: os) }
        // Every browser names its platform; a UA that names none is a script or a scanner.
        if os == "other" && !has(.otherDesktop) { return Result(device: .bot, os: os) }
        return Result(device: .desktop, os: os)
    }

    /// The operating system the tokens point at; "other" when none of the known ones.
    private static func os(_ found: UInt64) -> String {
        func has(_ signal: UserAgentSignal) -> Bool { found & signal.bit != 0 }
        if has(.windowsPhone) { return "windows" }
        if has(.iphone) || has(.ipad) || has(.ipod) { return "ios" }
        if has(.chromeOS) { return "chromeos" }
        if has(.android) { return "android" }
        if has(.iosHint) { return "ios" }
        if has(.windows) { return "windows" }
        if has(.appleDesktop) { return "macos" }
        if has(.linux) { return "linux" }
        return "other"
    }

    /// `Sec-CH-UA-Platform` is a quoted string such as `"Android"` or `"Chrome OS"`. Chrome sends
    /// it on every request, so it is matched letter by letter without building a String.
    static func os(fromPlatformHint hint: String) -> String? {
        var hint = hint
        return hint.withUTF8 { bytes -> String? in
            guard bytes.count <= 32 else { return nil }
            candidates: for (letters, os) in platformNames {
                var next = 0
                for byte in bytes where byte != 0x22 && byte != 0x20 {  // quotes, spaces
                    guard next < letters.count, ASCII.lowercase(byte) == letters[next] else {
                        continue candidates
                    }
                    next += 1
                }
                if next == letters.count { return os }
            }
            return nil
        }
    }

    private static let platformNames: [(letters: [UInt8], os: String)] = [
        ("android", "android"), ("ios", "ios"), ("windows", "windows"), ("macos", "macos"),
        ("linux", "linux"), ("chromeos", "chromeos"), ("chromiumos", "chromeos"),
    ].map { (Array($0.0.utf8), $0.1) }

    /// Structured-header boolean: `?1` is true; anything else is not.
    static func isTrue(_ hint: String) -> Bool {
        var hint = hint
        return hint.withUTF8 { bytes in
            let start = firstNonSpace(bytes)
            return bytes.count - start >= 2 && bytes[start] == UInt8(ascii: "?")
                && bytes[start + 1] == UInt8(ascii: "1")
        }
    }

    private static func firstNonSpace(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        while i < bytes.count, bytes[i] <= 0x20 { i += 1 }
        return i
    }
}

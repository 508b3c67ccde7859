import Foundation
import Personalize
import XCTest

/// Device and OS rules that the fixture alone does not pin: client hints, missing or hostile UAs.
final class ContextDeviceTests: XCTestCase {
    let extractor = ContextExtractor()
    let macSafari =
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"
    let linuxChrome =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36"

    func context(_ ua: String?, _ headers: [String: String] = [:]) -> Context {
        extractor.context(for: RequestDescription(userAgent: ua, headers: headers))
    }

    func testMissingOrEmptyUserAgentIsBot() {
        for ua: String? in [nil, "", "   ", "\t"] {
            let c = context(ua)
            XCTAssertEqual(c.device, .bot, "UA \(String(describing: ua))")
            XCTAssertTrue(c.isBot)
            XCTAssertNil(c.os)
        }
    }

    func testDesktopModeIPadLooksLikeAMacWithoutHints() {
        // iPadOS 13+ Safari sends the Mac UA and no client hints: indistinguishable, so desktop.
        XCTAssertEqual(context(macSafari).device, .desktop)
        XCTAssertEqual(context(macSafari).os, "macos")
    }

    func testMobileClientHintUpgradesADesktopUA() {
        let c = context(macSafari, ["Sec-CH-UA-Mobile": "?1", "Sec-CH-UA-Platform": "\"iOS\""])
        XCTAssertEqual(c.device, .mobile)
        XCTAssertEqual(c.os, "ios")
    }

    func testAndroidTabletRequestingDesktopSiteIsATablet() {
        // Chrome on large Android tablets: Linux desktop UA, but the platform hint says Android.
        let c = context(
            linuxChrome, ["sec-ch-ua-mobile": "?0", "sec-ch-ua-platform": "\"Android\""])
        XCTAssertEqual(c.device, .tablet)
        XCTAssertEqual(c.os, "android")
    }

    func testPlatformHintRefinesOSButNotAPhoneUA() {
        let phone =
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36"
        let c = context(phone, ["Sec-CH-UA-Mobile": "?1", "Sec-CH-UA-Platform": "\"Android\""])
        XCTAssertEqual(c.device, .mobile)
        let windows = context(
            linuxChrome, ["Sec-CH-UA-Platform": "\"Windows\"", "Sec-CH-UA-Mobile": "?0"])
        XCTAssertEqual(windows.device, .desktop)
        XCTAssertEqual(windows.os, "windows")
        let chromeOS = context(linuxChrome, ["Sec-CH-UA-Platform": "\"Chrome OS\""])
        XCTAssertEqual(chromeOS.os, "chromeos")
    }

    func testGarbageHintsAreIgnored() {
        let c = context(
            linuxChrome, ["Sec-CH-UA-Mobile": "yes please", "Sec-CH-UA-Platform": "\"BeOS\u{0}\""])
        XCTAssertEqual(c.device, .desktop)
        XCTAssertEqual(c.os, "linux")
    }

    func testHintsDoNotRescueBots() {
        let c = context(
            "curl/8.5.0", ["Sec-CH-UA-Mobile": "?1", "Sec-CH-UA-Platform": "\"Android\""])
        XCTAssertEqual(c.device, .bot)
    }

    func testGenericBotTokens() {
        for ua in [
            "Mozilla/5.0 (compatible; SomeNewCrawler/0.1)",
            "Mozilla/5.0 (compatible; ExampleSpider/2.0)",
            "Mozilla/5.0 (compatible; FooBot/1.0; +https://example.org/bot)",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 examplebot",
            "MyApp/1.0 CFNetwork/1494.0.7 Darwin/23.4.0",
            "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 (compatible; ACMEbot/2.1)",
        ] {
            XCTAssertEqual(context(ua).device, .bot, ua)
        }
    }

    func testDeviceNamesContainingBotAreNotBots() {
        for ua in [
            "Mozilla/5.0 (Linux; Android 8.1.0; CUBOT_X19) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Linux; Android 10; CUBOT NOTE 20) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Linux; Android 7.0; M bot 54) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.96 Mobile Safari/537.36",
            "Mozilla/5.0 (Linux; Android 13; Spider 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
        ] {
            XCTAssertEqual(context(ua).device, .mobile, ua)
        }
    }

    func testHeaderNamesAreCaseInsensitiveAndFirstWins() {
        let request = RequestDescription(headers: [
            (name: "user-AGENT", value: "curl/8.0"),
            (name: "User-Agent", value: macSafari),
        ])
        XCTAssertEqual(extractor.context(for: request).device, .bot)
        XCTAssertEqual(request.header("USER-agent"), "curl/8.0")
        XCTAssertNil(request.header("User-Agen"))
    }

    func testHugeUserAgentOnlyItsPrefixMatters() {
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
        let padded = iphone + String(repeating: "A", count: 1_000_000) + " Googlebot/2.1"
        let c = context(padded)
        XCTAssertEqual(c.device, .mobile, "a bot token past the 512-byte cap is not looked at")
        XCTAssertEqual(c.os, "ios")
        // A token that straddles the cap is not seen either.
        let straddle =
            String(repeating: "x", count: 509) + "iPhone; " + String(repeating: "y", count: 10)
        XCTAssertEqual(context(straddle).device, .bot)
    }

    /// User-Agents are classified once and then remembered; hints still apply per request.
    func testRememberedUserAgentsStillTakeTheirHints() {
        let first = context(linuxChrome)
        XCTAssertEqual(first.device, .desktop)
        XCTAssertEqual(context(linuxChrome).os, first.os)
        let hinted = context(linuxChrome, ["Sec-CH-UA-Platform": "\"Android\"", "Sec-CH-UA-Mobile": "?0"])
        XCTAssertEqual(hinted.device, .tablet)
        XCTAssertEqual(hinted.os, "android")
        XCTAssertEqual(context(linuxChrome).device, .desktop, "a hinted request does not change the remembered UA")
    }

    func testInvalidUTF8AndControlCharacters() {
        // Swift Strings repair invalid UTF-8 with U+FFFD; the classifier sees those bytes.
        let invalid = String(
            decoding: [0xFF, 0xFE, 0x41, 0xC3] + Array("iPhone".utf8) + [0x80], as: UTF8.self)
        XCTAssertEqual(context(invalid).device, .mobile)
        let control =
            "Mozilla/5.0 (Windows NT 10.0;\u{0}\u{1B}[31m Win64; x64)\r\n\tChrome/120.0 Safari/537.36"
        XCTAssertEqual(context(control).device, .desktop)
        XCTAssertEqual(context(control).os, "windows")
        XCTAssertEqual(context("\u{0}\u{0}\u{0}").device, .bot)
        XCTAssertEqual(context("💩🤖 iPad; 🙃").device, .tablet)
    }

    func testWindowsTabletPCTokenIsStillADesktop() {
        let ua =
            "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; SLCC2; .NET CLR 2.0.50727; Media Center PC 6.0; "
            + "Tablet PC 2.0; rv:11.0) like Gecko"
        XCTAssertEqual(context(ua).device, .desktop)
        XCTAssertEqual(context(ua).os, "windows")
    }

    func testInAppBrowsersFollowTheirDevice() {
        let cases: [(String, Device)] = [
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 329.0.3.29.103 (iPhone15,3; iOS 17_4; en_US)",
                .mobile
            ),
            (
                "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/425.0.0.28.110;FBDV/iPad13,1;FBMD/iPad]",
                .tablet
            ),
            (
                "Mozilla/5.0 (Linux; Android 13; SM-X710 Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.179 Safari/537.36 [FB_IAB/FB4A;FBAV/463.0.0.47.109;]",
                .tablet
            ),
        ]
        for (ua, device) in cases { XCTAssertEqual(context(ua).device, device, ua) }
    }
}

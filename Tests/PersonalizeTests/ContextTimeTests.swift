import Foundation
import Personalize
import XCTest

/// Hour and ISO weekday in the site's time zone, across DST changes in both hemispheres.
final class ContextTimeTests: XCTestCase {
    func local(_ zone: String, _ iso: String) -> (hour: Int, weekday: Int) {
        let c = ContextTestSupport.extractor(zone: zone).context(
            for: RequestDescription(userAgent: "x", date: ContextTestSupport.instant(iso)))
        return (c.hour, c.weekday)
    }

    func assertLocal(
        _ zone: String, _ iso: String, hour: Int, weekday: Int, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        let got = local(zone, iso)
        XCTAssertEqual(got.hour, hour, "\(zone) at \(iso): hour", file: file, line: line)
        XCTAssertEqual(got.weekday, weekday, "\(zone) at \(iso): weekday", file: file, line: line)
    }

    func testParisSpringForward() {
        // 2026-03-29 (Sunday): 02:00 CET jumps to 03:00 CEST at 01:00Z.
        assertLocal("Europe/Paris", "2026-03-29T00:59:59Z", hour: 1, weekday: 7)
        assertLocal("Europe/Paris", "2026-03-29T01:00:00Z", hour: 3, weekday: 7)
        assertLocal("Europe/Paris", "2026-03-29T01:30:00Z", hour: 3, weekday: 7)
        assertLocal("Europe/Paris", "2026-03-29T22:30:00Z", hour: 0, weekday: 1)  // Monday 00:30 CEST
    }

    func testParisFallBack() {
        // 2026-10-25 (Sunday): 03:00 CEST goes back to 02:00 CET at 01:00Z; 02:xx happens twice.
        assertLocal("Europe/Paris", "2026-10-25T00:30:00Z", hour: 2, weekday: 7)
        assertLocal("Europe/Paris", "2026-10-25T01:30:00Z", hour: 2, weekday: 7)
        assertLocal("Europe/Paris", "2026-10-25T02:00:00Z", hour: 3, weekday: 7)
        assertLocal("Europe/Paris", "2026-10-24T22:30:00Z", hour: 0, weekday: 7)  // Sat 22:30Z = Sun 00:30
    }

    func testNewYorkSpringForward() {
        // 2026-03-08 (Sunday): 02:00 EST jumps to 03:00 EDT at 07:00Z.
        assertLocal("America/New_York", "2026-03-08T06:59:59Z", hour: 1, weekday: 7)
        assertLocal("America/New_York", "2026-03-08T07:00:00Z", hour: 3, weekday: 7)
        assertLocal("America/New_York", "2026-03-08T04:59:59Z", hour: 23, weekday: 6)  // Saturday
    }

    func testNewYorkFallBack() {
        // 2026-11-01 (Sunday): 02:00 EDT goes back to 01:00 EST at 06:00Z; 01:xx happens twice.
        assertLocal("America/New_York", "2026-11-01T05:30:00Z", hour: 1, weekday: 7)
        assertLocal("America/New_York", "2026-11-01T06:30:00Z", hour: 1, weekday: 7)
        assertLocal("America/New_York", "2026-11-01T07:00:00Z", hour: 2, weekday: 7)
        assertLocal("America/New_York", "2026-11-02T04:59:00Z", hour: 23, weekday: 7)
        assertLocal("America/New_York", "2026-11-02T05:00:00Z", hour: 0, weekday: 1)
    }

    func testSydneySouthernHemisphere() {
        // DST ends 2026-04-05 (Sunday) 03:00 AEDT → 02:00 AEST, at 16:00Z on the 4th.
        assertLocal("Australia/Sydney", "2026-04-04T15:30:00Z", hour: 2, weekday: 7)
        assertLocal("Australia/Sydney", "2026-04-04T16:30:00Z", hour: 2, weekday: 7)
        // DST starts 2026-10-04 (Sunday) 02:00 AEST → 03:00 AEDT, at 16:00Z on the 3rd.
        assertLocal("Australia/Sydney", "2026-10-03T15:59:59Z", hour: 1, weekday: 7)
        assertLocal("Australia/Sydney", "2026-10-03T16:00:00Z", hour: 3, weekday: 7)
        // In January (summer, UTC+11) Saturday 14:00Z is Sunday 01:00.
        assertLocal("Australia/Sydney", "2026-01-10T14:00:00Z", hour: 1, weekday: 7)
    }

    func testFractionalOffsetsAndUTC() {
        assertLocal("Asia/Kolkata", "2026-06-15T18:45:00Z", hour: 0, weekday: 2)  // Tue 00:15 IST
        assertLocal("Asia/Kathmandu", "2026-06-15T18:14:00Z", hour: 23, weekday: 1)  // Mon 23:59 NPT
        assertLocal("UTC", "2026-01-01T00:00:00Z", hour: 0, weekday: 4)  // a Thursday
        assertLocal("UTC", "1969-12-31T23:59:59Z", hour: 23, weekday: 3)  // before the table
        assertLocal("UTC", "2150-01-01T12:00:00Z", hour: 12, weekday: 4)  // after the table
    }

    /// The precomputed offset table agrees with Foundation's Calendar, instant by instant, for zones
    /// with DST in either hemisphere, half- and quarter-hour offsets, and standard-time changes.
    func testAgreesWithCalendarAcrossZonesAndYears() {
        let zones = [
            "Europe/Paris", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe",
            "America/Sao_Paulo", "America/St_Johns", "Asia/Kolkata", "Asia/Tehran", "Europe/Moscow",
            "Pacific/Apia", "Pacific/Chatham", "Africa/Casablanca", "America/Santiago", "UTC",
        ]
        var seed: UInt64 = 0x5EED
        for identifier in zones {
            let zone = TimeZone(identifier: identifier)!
            let extractor = ContextExtractor(timeZone: zone)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            for _ in 0..<3000 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let seconds = Double((seed >> 16) % 4_102_444_800)  // 1970–2099
                let date = Date(timeIntervalSince1970: seconds)
                let c = extractor.context(for: RequestDescription(userAgent: "x", date: date))
                let parts = calendar.dateComponents([.hour, .weekday], from: date)
                let isoWeekday = (parts.weekday! + 5) % 7 + 1  // Calendar: 1 = Sunday
                if c.hour != parts.hour! || c.weekday != isoWeekday {
                    XCTFail(
                        "\(identifier) at \(date): got \(c.hour)h/\(c.weekday), Calendar says \(parts.hour!)h/\(isoWeekday)"
                    )
                    break
                }
            }
        }
    }

    func testAbsurdDatesDoNotTrap() {
        let extractor = ContextExtractor()
        for date in [Date.distantPast, Date.distantFuture, Date(timeIntervalSince1970: .nan)] {
            let c = extractor.context(for: RequestDescription(userAgent: "x", date: date))
            XCTAssertTrue((0...23).contains(c.hour))
            XCTAssertTrue((1...7).contains(c.weekday))
        }
    }
}

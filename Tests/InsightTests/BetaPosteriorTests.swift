import XCTest

@testable import Insight

final class BetaPosteriorTests: XCTestCase {
    func testMeanAndInterval() throws {
        // 5000 of 500,000 with a 1/1 prior is Beta(5001, 495001);
        // scipy.special.betaincinv(5001, 495001, 0.025) and (…, 0.975).
        let posterior = try BetaPosterior(conversions: 5000, impressions: 500_000)
        XCTAssertEqual(posterior.mean, 5001.0 / 500_002.0, accuracy: 1e-15)
        let interval = try posterior.interval(level: 0.95)
        assertRelative(interval.lower, 0.009728003876962139, 1e-10)
        assertRelative(interval.upper, 0.010279628865830514, 1e-10)

        // 40 of 1000: Beta(41, 961).
        let small = try BetaPosterior(conversions: 40, impressions: 1000).interval()
        assertRelative(small.lower, 0.02955045807800226, 1e-10)
        assertRelative(small.upper, 0.05401907525021882, 1e-10)
    }

    func testNoConversionsAndNoData() throws {
        // 0 of 1000: Beta(1, 1001); betaincinv(1, 1001, 0.025), (…, 0.975).
        let none = try BetaPosterior(conversions: 0, impressions: 1000).interval()
        assertRelative(none.lower, 2.529219561584832e-05, 1e-10)
        assertRelative(none.upper, 0.003678412265034924, 1e-10)
        let empty = try BetaPosterior(conversions: 0, impressions: 0)
        XCTAssertEqual(empty.mean, 0.5)
        let uniform = try empty.interval()
        XCTAssertEqual(uniform.lower, 0.025, accuracy: 1e-14)
        XCTAssertEqual(uniform.upper, 0.975, accuracy: 1e-14)
    }

    func testBadInput() {
        XCTAssertThrowsError(try BetaPosterior(conversions: 5, impressions: 4))
        XCTAssertThrowsError(try BetaPosterior(conversions: -1, impressions: 4))
        XCTAssertThrowsError(try BetaPosterior(successes: .nan, failures: 1))
        XCTAssertThrowsError(try BetaPosterior(successes: 1, failures: 1, priorSuccesses: 0))
        XCTAssertThrowsError(try BetaPosterior(conversions: 1, impressions: 4).interval(level: 1))
    }
}

import XCTest

@testable import Insight

/// Reference values from scipy 1.x (scripts/reference_values.py prints them all):
/// scipy.special.gammaln, betainc, betaincinv, gammaincc; scipy.stats.chi2.sf, norm.cdf, norm.ppf.
final class SpecialFunctionsTests: XCTestCase {
    func testLogGamma() {
        // scipy.special.gammaln(x)
        assertRelative(SpecialFunctions.logGamma(0.5), 0.5723649429247, 1e-13)
        XCTAssertEqual(SpecialFunctions.logGamma(1), 0, accuracy: 1e-14)
        assertRelative(SpecialFunctions.logGamma(3.7), 1.428072326665388, 1e-13)
        assertRelative(SpecialFunctions.logGamma(100.5), 361.43554046777757, 1e-13)
        assertRelative(SpecialFunctions.logGamma(1e5), 1051287.7089736569, 1e-14)
    }

    func testRegularizedIncompleteBeta() {
        // scipy.special.betainc(a, b, x)
        let cases: [(Double, Double, Double, Double)] = [
            (2, 5, 0.3, 0.5798250000000003),
            (0.5, 0.5, 0.1, 0.20483276469913345),
            (30, 40, 0.45, 0.6447480085585666),
            (5001, 495001, 0.0101, 0.757746435463931),
            (1, 100001, 1e-5, 0.6321260770094455),
            (201, 9801, 0.019, 0.21989832416177585),
        ]
        for (a, b, x, expected) in cases {
            assertRelative(SpecialFunctions.regularizedIncompleteBeta(x, a: a, b: b), expected, 1e-10)
        }
        XCTAssertEqual(SpecialFunctions.regularizedIncompleteBeta(0, a: 2, b: 3), 0)
        XCTAssertEqual(SpecialFunctions.regularizedIncompleteBeta(1, a: 2, b: 3), 1)
        XCTAssertEqual(SpecialFunctions.regularizedIncompleteBeta(.nan, a: 2, b: 3), 0)
    }

    func testInverseRegularizedIncompleteBeta() {
        // scipy.special.betaincinv(a, b, p)
        let cases: [(Double, Double, Double, Double)] = [
            (5001, 495001, 0.025, 0.009728003876962139),
            (1, 1001, 0.975, 0.003678412265034924),
            (2, 3, 1e-8, 4.082594021609242e-05),
            (30, 40, 0.3, 0.39698703679444164),
            (1, 1, 0.5, 0.5),
            (3, 1, 0.975, 0.9915962413403874),
        ]
        for (a, b, p, expected) in cases {
            assertRelative(SpecialFunctions.inverseRegularizedIncompleteBeta(p, a: a, b: b), expected, 1e-10)
        }
        XCTAssertEqual(SpecialFunctions.inverseRegularizedIncompleteBeta(0, a: 2, b: 3), 0)
        XCTAssertEqual(SpecialFunctions.inverseRegularizedIncompleteBeta(1, a: 2, b: 3), 1)
    }

    func testUpperIncompleteGammaAndChiSquare() {
        // scipy.special.gammaincc(s, x)
        assertRelative(SpecialFunctions.regularizedUpperIncompleteGamma(2.5, 3.0), 0.30621891841327875)
        assertRelative(SpecialFunctions.regularizedUpperIncompleteGamma(0.5, 0.01), 0.887537083981715)
        assertRelative(SpecialFunctions.regularizedUpperIncompleteGamma(10, 25), 0.0002214766382487835)
        assertRelative(SpecialFunctions.regularizedUpperIncompleteGamma(50, 40), 0.9296649333406051)
        // scipy.stats.chi2.sf(x, df)
        assertRelative(SpecialFunctions.chiSquareSurvival(30, degreesOfFreedom: 4), 4.894437128029217e-06)
        assertRelative(SpecialFunctions.chiSquareSurvival(13.8155, degreesOfFreedom: 2), 0.0010000052789960706)
        assertRelative(SpecialFunctions.chiSquareSurvival(3.2, degreesOfFreedom: 1), 0.07363827012030258)
        assertRelative(SpecialFunctions.chiSquareSurvival(100, degreesOfFreedom: 60), 0.0009168288614560842)
        XCTAssertEqual(SpecialFunctions.chiSquareSurvival(0, degreesOfFreedom: 3), 1)
    }

    func testNormal() {
        // scipy.stats.norm.cdf(-7.5), norm.ppf(0.975), norm.ppf(1e-10)
        assertRelative(SpecialFunctions.normalCDF(-7.5), 3.1908916729108844e-14, 1e-12)
        assertRelative(SpecialFunctions.normalQuantile(0.975), 1.959963984540054, 1e-14)
        assertRelative(SpecialFunctions.normalQuantile(1e-10), -6.361340902404056, 1e-13)
        XCTAssertEqual(SpecialFunctions.normalQuantile(0), -38.5)
        XCTAssertEqual(SpecialFunctions.normalQuantile(1), 38.5)
    }

    func testStudentTQuantile() {
        // scipy.stats.t.ppf(0.975, ν) and t.ppf(0.01, 4)
        let cases: [(Double, Double)] = [
            (1, 12.706204736174694), (2.5, 3.5746548420036817), (7.879, 2.312182976201609),
            (30, 2.0422724563012378), (1000, 1.9623390808264083),
        ]
        for (degrees, expected) in cases {
            assertRelative(SpecialFunctions.studentTQuantile(0.975, degreesOfFreedom: degrees), expected, 1e-10)
        }
        assertRelative(SpecialFunctions.studentTQuantile(0.01, degreesOfFreedom: 4), -3.746947387979197, 1e-10)
        XCTAssertEqual(SpecialFunctions.studentTQuantile(0.5, degreesOfFreedom: 3), 0)
    }

    func testNothingNonFinite() {
        let awkward: [Double] = [-1, 0, 1e-300, 0.5, 1, 2, 1e300, .infinity, -.infinity, .nan]
        for x in awkward {
            XCTAssert(SpecialFunctions.normalCDF(x).isFinite)
            XCTAssert(SpecialFunctions.normalQuantile(x).isFinite)
            XCTAssert(SpecialFunctions.studentTQuantile(x, degreesOfFreedom: 3).isFinite)
            XCTAssert(SpecialFunctions.studentTQuantile(0.9, degreesOfFreedom: x).isFinite)
            XCTAssert(SpecialFunctions.chiSquareSurvival(x, degreesOfFreedom: 2).isFinite)
            XCTAssert(SpecialFunctions.logGamma(x).isFinite, "logGamma(\(x))")
            for (a, b) in [(1.0, 1.0), (0.5, 2.0), (1e6, 1e6)] {
                XCTAssert(SpecialFunctions.regularizedIncompleteBeta(x, a: a, b: b).isFinite)
                XCTAssert(SpecialFunctions.inverseRegularizedIncompleteBeta(x, a: a, b: b).isFinite)
                XCTAssert(SpecialFunctions.betaDensity(x, a: a, b: b).isFinite)
            }
        }
    }
}

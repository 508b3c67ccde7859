import Foundation

/// Special functions the report's statistics need, written out because Foundation has none of
/// them beyond `erfc`. Accuracy targets about 1e-10 relative; every function is total (clamped or
/// optional) so that no NaN or infinity reaches a report.
package enum SpecialFunctions {
    // MARK: Gamma

    /// Lanczos coefficients (g = 7, n = 9): about 1e-15 relative for x ≥ 0.5.
    private static let lanczos: [Double] = [
        0.999_999_999_999_809_93, 676.520_368_121_885_1, -1_259.139_216_722_402_8,
        771.323_428_777_653_13, -176.615_029_162_140_59, 12.507_343_278_686_905,
        -0.138_571_095_265_720_12, 9.984_369_578_019_571_6e-6, 1.505_632_735_149_311_6e-7,
    ]

    /// ln Γ(x) for x > 0; x ≤ 0 is clamped to the smallest positive double and huge x to the
    /// largest finite result, so the value is always finite.
    package static func logGamma(_ x: Double) -> Double {
        let x = x.isNaN ? Double.leastNormalMagnitude : max(x, .leastNormalMagnitude)
        if x > 1e300 { return .greatestFiniteMagnitude }
        if x < 0.5 {
            // Reflection keeps the Lanczos sum in its accurate range.
            return log(Double.pi / sin(Double.pi * x)) - logGamma(1 - x)
        }
        if x > 1e7 {
            // Stirling with two correction terms is exact to double precision here and avoids
            // the Lanczos sum's cancellation for huge arguments.
            let inverse = 1 / x
            return (x - 0.5) * log(x) - x + 0.918_938_533_204_672_8
                + inverse * (1.0 / 12 - inverse * inverse / 360)
        }
        let z = x - 1
        var sum = lanczos[0]
        for index in 1..<lanczos.count { sum += lanczos[index] / (z + Double(index)) }
        let t = z + 7.5
        return 0.918_938_533_204_672_8 + (z + 0.5) * log(t) - t + log(sum)
    }

    /// Stirling remainder ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π], accurate for x ≥ 10. Used so that
    /// ln B(a, b) for huge a, b is formed from small terms rather than as a difference of 10⁶-sized
    /// log-gammas, which would cost six digits.
    private static func stirlingRemainder(_ x: Double) -> Double {
        let inverse = 1 / x
        let square = inverse * inverse
        return inverse * (1.0 / 12 - square * (1.0 / 360 - square * (1.0 / 1260 - square / 1680)))
    }

    /// ln B(a, b) for a, b > 0.
    package static func logBeta(_ a: Double, _ b: Double) -> Double {
        let small = min(a, b)
        let large = max(a, b)
        if small >= 10 {
            let sum = small + large
            return -0.5 * log(large) + 0.918_938_533_204_672_8
                + stirlingRemainder(small) + stirlingRemainder(large) - stirlingRemainder(sum)
                + (small - 0.5) * log(small / sum) + large * log1p(-small / sum)
        }
        if large >= 10 {
            // ln Γ(large) − ln Γ(large + small) through Stirling, again to avoid the difference of
            // two huge log-gammas.
            let sum = small + large
            return logGamma(small) - (large - 0.5) * log1p(small / large) - small * log(sum) + small
                + stirlingRemainder(large) - stirlingRemainder(sum)
        }
        return logGamma(small) + logGamma(large) - logGamma(small + large)
    }

    // MARK: Incomplete beta

    /// Logarithm of x^a (1 − x)^b / B(a, b), the prefactor of the continued fraction, formed so that
    /// huge a, b keep their digits (the Stirling terms cancel analytically).
    private static func logBetaPrefactor(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if a >= 10 && b >= 10 {
            let sum = a + b
            let p = a / sum
            // a ln(x/p) + b ln((1−x)/(1−p)) as log1p of small relative deviations.
            let deviationA = a * log1p((x - p) / p)
            let deviationB = b * log1p((p - x) / (1 - p))
            return deviationA + deviationB + 0.5 * log(a * b / sum) - 0.918_938_533_204_672_8
                - stirlingRemainder(a) - stirlingRemainder(b) + stirlingRemainder(sum)
        }
        return a * log(x) + b * log1p(-x) - logBeta(a, b)
    }

    /// Regularized incomplete beta I_x(a, b) (the Beta(a, b) CDF at x), clamped to [0, 1].
    package static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        guard x.isFinite, a > 0, b > 0, a.isFinite, b.isFinite else { return x >= 1 ? 1 : 0 }
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        if x > (a + 1) / (a + b + 2) {
            return clampUnit(1 - regularizedIncompleteBeta(1 - x, a: b, b: a))
        }
        let front = exp(logBetaPrefactor(x, a, b))
        return clampUnit(front * betaContinuedFraction(x, a, b) / a)
    }

    /// Beta(a, b) density at x (0 outside (0, 1); never infinite: clamped at the largest finite).
    package static func betaDensity(_ x: Double, a: Double, b: Double) -> Double {
        guard x > 0, x < 1, a > 0, b > 0 else { return 0 }
        let value = exp(logBetaDensity(x, a: a, b: b))
        return value.isFinite ? value : .greatestFiniteMagnitude
    }

    /// ln of the Beta(a, b) density at x in (0, 1).
    package static func logBetaDensity(_ x: Double, a: Double, b: Double) -> Double {
        if a >= 11 && b >= 11 {
            // B(a−1, b−1)/B(a, b) = (a+b−1)(a+b−2)/((a−1)(b−1)), so the prefactor for (a−1, b−1)
            // carries the digits and this ratio adjusts the normaliser.
            return logBetaPrefactor(x, a - 1, b - 1)
                + log((a + b - 1) * (a + b - 2) / ((a - 1) * (b - 1)))
        }
        let left = a == 1 ? 0 : (a - 1) * log(x)
        let right = b == 1 ? 0 : (b - 1) * log1p(-x)
        return left + right - logBeta(a, b)
    }

    /// Modified Lentz evaluation of the incomplete-beta continued fraction (Numerical Recipes
    /// 6.4); converges in O(√max(a, b)) steps when x < (a + 1)/(a + b + 2).
    private static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        let limit = 20_000 + Int(10 * max(a, b).squareRoot())
        var m = 1
        while m <= limit {
            let m2 = Double(2 * m)
            let mm = Double(m)
            var aa = mm * (b - mm) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + mm) * (qab + mm) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
            m += 1
        }
        return h
    }

    /// Inverse of I_x(a, b) in x: the Beta(a, b) quantile at probability p, to about 1e-12.
    /// Halley steps from a normal-approximation start, safeguarded by bisection on a bracket so
    /// that it always converges.
    package static func inverseRegularizedIncompleteBeta(_ p: Double, a: Double, b: Double) -> Double {
        guard p.isFinite, a > 0, b > 0 else { return 0 }
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        var low = 0.0
        var high = 1.0
        let mean = a / (a + b)
        let sd = (a * b / ((a + b) * (a + b) * (a + b + 1))).squareRoot()
        var x = mean + sd * normalQuantile(p)
        if !(x > 0 && x < 1) {
            // Outside (0, 1) the normal start is useless; the tails behave like x^a·/(a·B) near 0
            // and (1 − x)^b/(b·B) near 1, which invert in closed form.
            let logNormalizer = logBeta(a, b)
            x =
                x <= 0
                ? exp((log(p) + log(a) + logNormalizer) / a)
                : -expm1((log1p(-p) + log(b) + logNormalizer) / b)
            x = min(max(x, Double.leastNormalMagnitude), 1 - Double.ulpOfOne)
        }
        for _ in 0..<200 {
            let value = regularizedIncompleteBeta(x, a: a, b: b)
            let error = value - p
            if error < 0 { low = x } else { high = x }
            if abs(error) <= 1e-15 * max(p, 1e-300) || high - low <= 4 * Double.ulpOfOne * x { break }
            let logDensity = logBetaDensity(x, a: a, b: b)
            let density = exp(logDensity)
            var next = x
            if density > 0 && density.isFinite {
                let step = error / density
                // Halley's correction: the density's log-derivative is (a−1)/x − (b−1)/(1−x).
                let curvature = (a - 1) / x - (b - 1) / (1 - x)
                let denominator = 1 - 0.5 * step * curvature
                let halley = denominator.isFinite ? step / max(0.5, denominator) : step
                next = x - (halley.isFinite ? halley : step)
                // A step below rounding of x means converged; the bracket test below would
                // otherwise reject it (it lands on the bracket's end) and bisect away.
                if abs(next - x) <= 1e-15 * x && next > 0 { return clampUnit(next) }
            }
            if !(next > low && next < high) || !next.isFinite {
                // Bisection in log space when the bracket spans orders of magnitude.
                next = low > 0 && high / low > 10 ? (low * high).squareRoot() : 0.5 * (low + high)
                if low == 0 { next = high * 1e-3 }
            }
            if next == x { break }
            x = next
        }
        return clampUnit(x)
    }

    // MARK: Incomplete gamma

    /// Regularized upper incomplete gamma Q(s, x) = Γ(s, x)/Γ(s); chi-square survival function is
    /// Q(k/2, χ²/2). Series for x < s + 1, continued fraction otherwise (Numerical Recipes 6.2).
    package static func regularizedUpperIncompleteGamma(_ s: Double, _ x: Double) -> Double {
        guard s > 0, s.isFinite, !x.isNaN else { return x.isNaN ? 1 : 0 }
        if x <= 0 { return 1 }
        if x == .infinity { return 0 }
        let logPrefactor = s * log(x) - x - logGamma(s)
        if x < s + 1 {
            var term = 1 / s
            var sum = term
            var denominator = s
            for _ in 0..<100_000 {
                denominator += 1
                term *= x / denominator
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return clampUnit(1 - sum * exp(logPrefactor))
        }
        let tiny = 1e-300
        var b = x + 1 - s
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for index in 1...100_000 {
            let an = -Double(index) * (Double(index) - s)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return clampUnit(exp(logPrefactor) * h)
    }

    /// Chi-square survival function P(X ≥ statistic) with `degreesOfFreedom` > 0.
    package static func chiSquareSurvival(_ statistic: Double, degreesOfFreedom: Double) -> Double {
        regularizedUpperIncompleteGamma(degreesOfFreedom / 2, max(statistic, 0) / 2)
    }

    // MARK: Normal

    /// Standard normal CDF through `erfc`, accurate to a few ulps in both tails.
    package static func normalCDF(_ z: Double) -> Double {
        if z.isNaN { return 0.5 }
        return clampUnit(0.5 * erfc(-z / 2.0.squareRoot()))
    }

    /// Standard normal density.
    package static func normalDensity(_ z: Double) -> Double {
        0.398_942_280_401_432_7 * exp(-0.5 * z * z)
    }

    /// Standard normal quantile: Acklam's rational approximation (1e-9) polished by one Halley
    /// step against `erfc`, which brings it to about 1e-15. p outside (0, 1) is clamped to ±38.5.
    package static func normalQuantile(_ p: Double) -> Double {
        if !(p > 0) { return -38.5 }
        if !(p < 1) { return 38.5 }
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00,
        ]
        let b = [
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01,
        ]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00,
        ]
        let d = [
            7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00,
        ]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x =
                (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5
            let r = q * q
            x =
                (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log1p(-p)).squareRoot()
            x =
                -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        // Halley refinement; the error is measured on the tail that is small, to keep digits.
        let error = p < 0.5 ? normalCDF(x) - p : -(normalCDF(-x) - (1 - p))
        let u = error * (2 * Double.pi).squareRoot() * exp(0.5 * x * x)
        let refined = x - u / (1 + 0.5 * x * u)
        return refined.isFinite ? min(max(refined, -38.5), 38.5) : x
    }

    /// Student t quantile with `degreesOfFreedom` > 0, through the inverse incomplete beta:
    /// for p > ½, t = √(ν(1 − x)/x) with x = I⁻¹(2(1 − p); ν/2, ½). Clamped like `normalQuantile`.
    package static func studentTQuantile(_ p: Double, degreesOfFreedom: Double) -> Double {
        guard degreesOfFreedom > 0, !degreesOfFreedom.isNaN else { return normalQuantile(p) }
        if degreesOfFreedom > 1e7 { return normalQuantile(p) }
        if !(p > 0) { return -1e300 }
        if !(p < 1) { return 1e300 }
        if p == 0.5 { return 0 }
        let tail = p < 0.5 ? p : 1 - p
        let x = inverseRegularizedIncompleteBeta(2 * tail, a: degreesOfFreedom / 2, b: 0.5)
        guard x > 0 else { return p < 0.5 ? -1e300 : 1e300 }
        let magnitude = min((degreesOfFreedom * (1 - x) / x).squareRoot(), 1e300)
        return p < 0.5 ? -magnitude : magnitude
    }

    static func clampUnit(_ value: Double) -> Double {
        value.isNaN ? 0 : min(max(value, 0), 1)
    }
}

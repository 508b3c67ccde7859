/// A small Nelder–Mead minimiser over an unconstrained vector. Bounds are the caller's business: the
/// exponential smoothing fit maps each coordinate through a logistic function, so every point the
/// simplex visits is a valid parameter set and no step needs clamping.
struct ForecastNelderMead: Sendable {
    var maxEvaluations: Int
    /// Stop when the spread of objective values in the simplex falls below this (relative) tolerance.
    var tolerance: Double
    /// Initial step along each axis.
    var step: Double

    init(maxEvaluations: Int = 400, tolerance: Double = 1e-7, step: Double = 0.8) {
        self.maxEvaluations = maxEvaluations
        self.tolerance = tolerance
        self.step = step
    }

    struct Result {
        var x: [Double]
        var value: Double
        var evaluations: Int
    }

    func minimize(start: [Double], _ f: ([Double]) -> Double) -> Result {
        let d = start.count
        if d == 0 { return Result(x: start, value: f(start), evaluations: 1) }
        // Non-finite objective values (an unstable multiplicative fit) count as +inf.
        func eval(_ x: [Double]) -> Double {
            let v = f(x)
            return v.isFinite ? v : .infinity
        }
        var simplex: [[Double]] = [start]
        for i in 0..<d {
            var p = start
            p[i] += step
            simplex.append(p)
        }
        var values = simplex.map(eval)
        var evaluations = d + 1
        var centroid = [Double](repeating: 0, count: d)
        func along(_ c: [Double], _ p: [Double], _ k: Double) -> [Double] {
            var r = c
            for i in 0..<d { r[i] = c[i] + k * (p[i] - c[i]) }
            return r
        }
        while evaluations < maxEvaluations {
            // Order: best first.
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let best = values[0], worst = values[d]
            if worst.isFinite && abs(worst - best) <= tolerance * (abs(best) + 1e-12) { break }
            for i in 0..<d { centroid[i] = 0 }
            for j in 0..<d { for i in 0..<d { centroid[i] += simplex[j][i] } }
            for i in 0..<d { centroid[i] /= Double(d) }
            let reflected = along(centroid, simplex[d], -1)
            let fr = eval(reflected); evaluations += 1
            if fr < values[0] {
                let expanded = along(centroid, simplex[d], -2)
                let fe = eval(expanded); evaluations += 1
                if fe < fr { simplex[d] = expanded; values[d] = fe } else { simplex[d] = reflected; values[d] = fr }
            } else if fr < values[d - 1] {
                simplex[d] = reflected; values[d] = fr
            } else {
                let outside = fr < values[d]
                let contracted = along(centroid, simplex[d], outside ? -0.5 : 0.5)
                let fc = eval(contracted); evaluations += 1
                if fc < (outside ? fr : values[d]) {
                    simplex[d] = contracted; values[d] = fc
                } else {
                    // Shrink towards the best vertex.
                    for j in 1...d {
                        simplex[j] = along(simplex[0], simplex[j], 0.5)
                        values[j] = eval(simplex[j])
                    }
                    evaluations += d
                }
            }
        }
        var bi = 0
        for j in 1..<values.count where values[j] < values[bi] { bi = j }
        return Result(x: simplex[bi], value: values[bi], evaluations: evaluations)
    }
}

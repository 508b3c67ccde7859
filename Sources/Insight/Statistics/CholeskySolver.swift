/// Solves small symmetric positive-definite systems (one per cell, K − 1 ≤ a dozen variants).
enum CholeskySolver {
    static func solve(_ matrix: [[Double]], _ vector: [Double]) -> [Double]? {
        let size = vector.count
        var lower = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
        let scale = (0..<size).reduce(0.0) { max($0, abs(matrix[$1][$1])) }
        guard scale > 0 else { return nil }
        for row in 0..<size {
            for column in 0...row {
                var sum = matrix[row][column]
                for k in 0..<column { sum -= lower[row][k] * lower[column][k] }
                if row == column {
                    guard sum > 1e-12 * scale else { return nil }
                    lower[row][row] = sum.squareRoot()
                } else {
                    lower[row][column] = sum / lower[column][column]
                }
            }
        }
        var forward = [Double](repeating: 0, count: size)
        for row in 0..<size {
            var sum = vector[row]
            for k in 0..<row { sum -= lower[row][k] * forward[k] }
            forward[row] = sum / lower[row][row]
        }
        var solution = [Double](repeating: 0, count: size)
        for row in stride(from: size - 1, through: 0, by: -1) {
            var sum = forward[row]
            for k in (row + 1)..<size { sum -= lower[k][row] * solution[k] }
            solution[row] = sum / lower[row][row]
        }
        return solution
    }
}

import Foundation
import Insight

/// Rolling-origin forecast evaluation: MASE against seasonal-naive, and interval coverage.
struct BenchForecastScore {
    var name: String
    var origins = 0
    var maseModel = 0.0
    var maseNaive = 0.0
    var inside80 = 0
    var inside95 = 0
    var points = 0
    var models: [String: Int] = [:]

    var relative: Double { maseModel / maseNaive }

    mutating func add(train: [Double], actual: [Double], result: ForecastResult, season m: Int = 7) {
        guard train.count > m else { return }
        var scale = 0.0
        for t in m..<train.count { scale += abs(train[t] - train[t - m]) }
        scale /= Double(train.count - m)
        guard scale > 0 else { return }
        var errModel = 0.0, errNaive = 0.0
        for (h, a) in actual.enumerated() {
            let p = result.points[h]
            errModel += abs(a - p.value)
            let naive = train[train.count - m + (h % m)]
            errNaive += abs(a - naive)
            if a >= p.lower80 && a <= p.upper80 { inside80 += 1 }
            if a >= p.lower95 && a <= p.upper95 { inside95 += 1 }
            points += 1
        }
        maseModel += errModel / Double(actual.count) / scale
        maseNaive += errNaive / Double(actual.count) / scale
        origins += 1
        models[result.model, default: 0] += 1
    }

    func row() -> String {
        let mm = maseModel / Double(max(origins, 1)), mn = maseNaive / Double(max(origins, 1))
        let c80 = 100 * Double(inside80) / Double(max(points, 1)), c95 = 100 * Double(inside95) / Double(max(points, 1))
        return name.padding(toLength: 28, withPad: " ", startingAt: 0)
            + String(format: " %7d %8.3f %8.3f %8.1f%% %7.1f%% %7.1f%%", origins, mm, mn, 100 * (1 - mm / mn), c80, c95)
    }

    static let header =
        "series".padding(toLength: 28, withPad: " ", startingAt: 0)
        + " origins     MASE  MASE-SN    better    cov80    cov95"

    /// Evaluates 14-day-ahead forecasts from origins every 7 days in the last `span` days. With a
    /// `frequency`, the model is the API's choice for it (`Forecaster.forecast(series:)`), else the
    /// one with `season`; `season` is also the seasonal-naive reference.
    static func evaluate(
        name: String, series: [Double], firstOrigin: Int, every: Int = 7, horizon: Int = 14, season: Int = 7,
        frequency: ForecastFrequency? = nil
    ) -> BenchForecastScore {
        var score = BenchForecastScore(name: name)
        var origin = firstOrigin
        while origin + horizon <= series.count {
            let train = Array(series[0..<origin])
            let actual = Array(series[origin..<(origin + horizon)])
            let result =
                try? frequency.map { f throws(ForecastError) in
                    try Forecaster.forecast(
                        series: ForecastRegularSeries(
                            start: BenchAlerts.start, frequency: f, timeZone: BenchAlerts.utc, values: train),
                        horizon: horizon)
                } ?? Forecaster.forecast(values: train, seasonLength: season, horizon: horizon)
            if let r = result {
                score.add(train: train, actual: actual, result: r, season: season)
            }
            origin += every
        }
        return score
    }

    static func merge(_ a: BenchForecastScore, _ b: BenchForecastScore, name: String) -> BenchForecastScore {
        var s = BenchForecastScore(name: name)
        s.origins = a.origins + b.origins
        s.maseModel = a.maseModel + b.maseModel
        s.maseNaive = a.maseNaive + b.maseNaive
        s.inside80 = a.inside80 + b.inside80
        s.inside95 = a.inside95 + b.inside95
        s.points = a.points + b.points
        s.models = a.models.merging(b.models, uniquingKeysWith: +)
        return s
    }
}

enum BenchData {
    /// Reads a `date,value` CSV from bench/forecast/.
    static func loadCSV(_ path: String) -> [Double]? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            line.split(separator: ",").last.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        }
    }
}

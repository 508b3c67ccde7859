import Foundation
import Insight

/// Forecast (14 days) and check (anomalies, last 7 days) 10,000 placement series of 365 days.
enum BenchSpeed {
    static func run(series count: Int, workers: Int) async {
        var rng = BenchRandom(seed: 10_000)
        let all = (0..<count).map { _ in BenchSynthetic.daily(days: 365, rng: &rng).values }
        let clock = ContinuousClock()
        let t0 = clock.now
        let cpu0 = processCPUNanoseconds()
        let chunk = (count + workers - 1) / workers
        let (ok, anomalies) = await withTaskGroup(of: (Int, Int).self) { group in
            for w in 0..<workers {
                let part = Array(all[min(count, w * chunk)..<min(count, (w + 1) * chunk)])
                group.addTask {
                    var ok = 0, anomalies = 0
                    let detector = AnomalyDetector(frequency: .daily)
                    for v in part {
                        if (try? Forecaster.forecast(values: v, seasonLength: 7, horizon: 14)) != nil { ok += 1 }
                        if let r = try? detector.detect(values: v, frequency: .daily, start: BenchAlerts.start) {
                            anomalies += r.anomalies.count
                        }
                    }
                    return (ok, anomalies)
                }
            }
            var total = (0, 0)
            for await r in group { total.0 += r.0; total.1 += r.1 }
            return total
        }
        let elapsed = clock.now - t0
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpu = Double(processCPUNanoseconds() - cpu0) / 1e9
        print(
            String(
                format:
                    "%d series × 365 days, forecast + check, %d worker(s): %.2f s wall, %.2f s CPU (%.2f ms CPU per series; %d forecasts, %d anomalies flagged)",
                count, workers, seconds, cpu, 1000 * cpu / Double(count), ok, anomalies))
    }
}

/// Process CPU time (all threads) in nanoseconds: the wall clock on a machine shared with other
/// builds says little on its own.
func processCPUNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

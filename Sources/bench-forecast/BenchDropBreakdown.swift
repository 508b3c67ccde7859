import Foundation
import Insight

/// Where one-day drops on daily series are missed, and what the false alarms on clean daily
/// series are: the breakdown behind the daily recall figure (`--only breakdown`).
enum BenchDropBreakdown {
    struct Row { var depth, cv, level: Double; var days, fromEnd: Int; var hit: Bool }

    /// The generator's ranges, changeable to check that a change holds beyond the benchmark's own.
    struct Setting {
        var levels: ClosedRange<Double> = 30...3000
        var falseAlarmLevels: ClosedRange<Double> = 100...5000
        var cv: ClosedRange<Double> = 0.05...0.2
    }

    static func run(seed: UInt64, trials: Int, setting: Setting, tune: (inout AnomalyDetectorOptions) -> Void) {
        var daily = AnomalyDetectorOptions.preset(for: .daily)
        tune(&daily)
        var rng = BenchRandom(seed: seed)
        var rows: [Row] = []
        for _ in 0..<trials {
            let depth = rng.uniform(0.4, 1.0)
            let days = Int(rng.uniform(30, 366))
            let d = BenchSynthetic.daily(
                days: days, rng: &rng, holidays: false, levelRange: setting.levels, cvRange: setting.cv)
            var v = d.values
            let at = days - Int(rng.uniform(1, 6))
            let level = d.mean[at]
            v[at] = (v[at] * (1 - depth)).rounded()
            var o = daily
            o.scanFrom = max(14, at - 7)
            let r = try? AnomalyDetector(options: o).detect(
                values: v, frequency: .daily, start: BenchAlerts.start, timeZone: BenchAlerts.utc)
            let hit = (r?.anomalies ?? []).contains {
                ($0.kind == .drop || $0.kind == .zero) && $0.startIndex <= at && $0.alertIndex >= at
            }
            rows.append(Row(depth: depth, cv: d.cv, level: level, days: days, fromEnd: days - at, hit: hit))
        }
        func show(_ title: String, _ buckets: [(String, (Row) -> Bool)]) {
            var line = title.padding(toLength: 10, withPad: " ", startingAt: 0)
            for (name, test) in buckets {
                let sel = rows.filter(test)
                let rate = sel.isEmpty ? 0 : 100 * Double(sel.filter(\.hit).count) / Double(sel.count)
                line += String(format: " %@ %5.1f%% (%d)", name, rate, sel.count)
            }
            print(line)
        }
        show("all", [("", { _ in true })])
        show(
            "depth",
            [
                ("40-50", { $0.depth < 0.5 }), ("50-60", { $0.depth >= 0.5 && $0.depth < 0.6 }),
                ("60-80", { $0.depth >= 0.6 && $0.depth < 0.8 }), ("80-100", { $0.depth >= 0.8 }),
            ])
        show(
            "cv",
            [("≤.10", { $0.cv <= 0.1 }), (".10-.15", { $0.cv > 0.1 && $0.cv <= 0.15 }), (">.15", { $0.cv > 0.15 })])
        show(
            "level",
            [
                ("<30", { $0.level < 30 }), ("30-100", { $0.level >= 30 && $0.level < 100 }),
                ("100-1000", { $0.level >= 100 && $0.level < 1000 }), ("≥1000", { $0.level >= 1000 }),
            ])
        show(
            "days",
            [("<60", { $0.days < 60 }), ("60-120", { $0.days >= 60 && $0.days < 120 }), ("≥120", { $0.days >= 120 })])
        show("fromEnd", (1...5).map { k in ("\(k)", { $0.fromEnd == k }) })

        var kinds: [String: Int] = [:], checked = 0
        for _ in 0..<100 {
            let d = BenchSynthetic.daily(
                days: 365, rng: &rng, holidays: false, levelRange: setting.falseAlarmLevels, cvRange: setting.cv)
            var end = 21
            while end <= d.values.count {
                let r = try? AnomalyDetector(options: daily).detect(
                    values: Array(d.values[0..<end]), frequency: .daily, start: BenchAlerts.start)
                for a in r?.anomalies ?? [] where a.alertIndex >= end - 7 {
                    kinds["\(a.kind)", default: 0] += 1
                    let age = end < 60 ? "<60" : end < 120 ? "60-120" : "≥120"
                    let len = (a.endIndex ?? end) - a.startIndex
                    kinds["\(a.kind) age \(age)", default: 0] += 1
                    kinds["\(a.kind) len \(min(len, 3))", default: 0] += 1
                }
                checked += 7; end += 7
            }
        }
        for (key, count) in kinds.sorted(by: { $0.key < $1.key }) {
            print(String(format: "false alarms per 90 days, %@: %.2f", key, 90 * Double(count) / Double(checked)))
        }
    }
}

import Foundation
import Insight

/// How `sitegen forecast` and `sitegen anomalies` print: a table for people, JSON and CSV for
/// programs (the JSON has the API's field names).
package enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, csv
}

/// One site's forecast, as printed.
package struct SiteForecast: Encodable, Sendable {
    package var site: String
    package var metric: String
    package var answer: ForecastAnswer

    package init(site: String, metric: String, answer: ForecastAnswer) {
        self.site = site
        self.metric = metric
        self.answer = answer
    }

    /// `{"site", "metric"}` beside the answer's own fields, in one object.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(site, forKey: .site)
        try container.encode(metric, forKey: .metric)
        try answer.encode(to: encoder)
    }

    private enum Key: String, CodingKey { case site, metric }
}

/// One site's anomaly check, as printed.
package struct SiteAnomalies: Encodable, Sendable {
    package var site: String
    package var answer: AnomalyAnswer

    package init(site: String, answer: AnomalyAnswer) {
        self.site = site
        self.answer = answer
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(site, forKey: .site)
        try answer.encode(to: encoder)
    }

    private enum Key: String, CodingKey { case site }
}

package enum ForecastOutput {
    package static func render(_ forecasts: [SiteForecast], format: OutputFormat) throws -> String {
        switch format {
        case .json: return try json(forecasts)
        case .csv:
            var lines = ["site,metric,date,value,lower80,upper80,lower95,upper95"]
            for forecast in forecasts {
                for point in forecast.answer.forecast {
                    lines.append(
                        [
                            SiteReportCSV.field(forecast.site), forecast.metric, point.date, number(point.value),
                            number(point.lower80), number(point.upper80), number(point.lower95),
                            number(point.upper95),
                        ].joined(separator: ","))
                }
            }
            return lines.joined(separator: "\n") + "\n"
        case .text:
            return forecasts.map(text).joined(separator: "\n")
        }
    }

    package static func render(_ checks: [SiteAnomalies], format: OutputFormat) throws -> String {
        switch format {
        case .json: return try json(checks)
        case .csv:
            var lines = ["site,status,kind,start,end,expected,actual,summary"]
            for check in checks {
                if check.answer.anomalies.isEmpty {
                    lines.append(
                        [SiteReportCSV.field(check.site), check.answer.status, "", "", "", "", "", ""].joined(
                            separator: ",")
                    )
                }
                for anomaly in check.answer.anomalies {
                    lines.append(
                        [
                            SiteReportCSV.field(check.site), check.answer.status, anomaly.kind.rawValue, anomaly.start,
                            anomaly.end ?? "", number(anomaly.expected), number(anomaly.actual),
                            SiteReportCSV.field(anomaly.summary),
                        ].joined(separator: ","))
                }
            }
            return lines.joined(separator: "\n") + "\n"
        case .text:
            return checks.map { check in
                let answer = check.answer
                var lines = ["\(check.site): \(answer.message)"]
                for anomaly in answer.anomalies {
                    let until = anomaly.end.map { "until \($0)" } ?? "ongoing"
                    lines.append(
                        "  \(anomaly.kind.rawValue)  \(anomaly.start), \(until): expected \(grouped(anomaly.expected)), "
                            + "actual \(grouped(anomaly.actual)). \(anomaly.summary)")
                }
                return lines.joined(separator: "\n") + "\n"
            }.joined()
        }
    }

    private static func text(_ forecast: SiteForecast) -> String {
        let answer = forecast.answer
        let unit = answer.frequency == .daily ? "day" : "hour"
        var header = "\(forecast.site): \(forecast.metric) per \(unit), model \(answer.model)"
        if let peak = answer.peak {
            header += "; predicted peak \(grouped(peak.value)) on \(peak.date) (up to \(grouped(peak.upper95)))"
        }
        let rows =
            [["DATE", "FORECAST", "80% INTERVAL", "95% INTERVAL"]]
            + answer.forecast.map { point in
                [
                    point.date, grouped(point.value), "\(grouped(point.lower80)) – \(grouped(point.upper80))",
                    "\(grouped(point.lower95)) – \(grouped(point.upper95))",
                ]
            }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        let table = rows.map { row in
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "   ")
        }
        var lines = [header] + table
        if let note = answer.note { lines.append("note: \(note)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report's JSON rules: sorted keys, and a non-finite number as null rather than a
    /// failure of the whole output.
    private static func json<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try SiteReportJSON.encode(value), as: UTF8.self)
    }

    /// Counts read best whole and grouped; revenue keeps two decimals.
    private static func grouped(_ value: Double) -> String {
        value.formatted(.number.precision(.fractionLength(value.rounded() == value || abs(value) >= 100 ? 0 : 2)))
    }

    private static func number(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}

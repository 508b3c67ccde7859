import Foundation

/// The forecast as the API and `sitegen forecast --format json` give it:
/// `{"model", "frequency", "forecast": [{"date", "value", "lower80", "upper80", "lower95", "upper95"}], "peak"}`.
package struct ForecastAnswer: Encodable, Sendable, Equatable {
    package struct Point: Encodable, Sendable, Equatable {
        package var date: String
        package var value: Double
        package var lower80: Double
        package var upper80: Double
        package var lower95: Double
        package var upper95: Double
    }

    /// The highest point forecast and how high it may plausibly go: a capacity hint.
    package struct Peak: Encodable, Sendable, Equatable {
        package var date: String
        package var value: Double
        package var upper95: Double
    }

    package var model: String
    package var frequency: ForecastFrequency
    package var forecast: [Point]
    package var peak: Peak?
    package var note: String?

    /// Pairs each forecast step with its date after the series' last point.
    package init(result: ForecastResult, series: ForecastRegularSeries) {
        let label = ForecastDateLabel(frequency: series.frequency, timeZone: series.timeZone)
        model = result.model
        frequency = series.frequency
        forecast = result.points.map { point in
            Point(
                date: label.text(series.date(ofStep: point.step)), value: point.value, lower80: point.lower80,
                upper80: point.upper80, lower95: point.lower95, upper95: point.upper95)
        }
        peak = result.peak.map {
            Peak(date: label.text(series.date(ofStep: $0.step)), value: $0.value, upper95: $0.upper95)
        }
        note = result.note
    }
}

/// `{"status": "checked" | "learning", "message", "model", "anomalies": [{"start", "end", "kind", "expected", "actual", "summary"}]}`;
/// `end` is null while an anomaly is ongoing.
package struct AnomalyAnswer: Encodable, Sendable, Equatable {
    package struct Item: Encodable, Sendable, Equatable {
        package var start: String
        package var end: String?
        package var kind: AnomalyKind
        package var expected: Double
        package var actual: Double
        package var variant: String?
        package var summary: String

        /// Explicit so that an ongoing anomaly's `end` is written as null rather than left out.
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(start, forKey: .start)
            try container.encode(end, forKey: .end)
            try container.encode(kind, forKey: .kind)
            try container.encode(expected, forKey: .expected)
            try container.encode(actual, forKey: .actual)
            try container.encodeIfPresent(variant, forKey: .variant)
            try container.encode(summary, forKey: .summary)
        }

        private enum CodingKeys: String, CodingKey {
            case start, end, kind, expected, actual, variant, summary
        }
    }

    package var status: String
    package var message: String
    package var model: String?
    package var anomalies: [Item]

    package init(report: AnomalyReport, frequency: ForecastFrequency, timeZone: TimeZone) {
        let label = ForecastDateLabel(frequency: frequency, timeZone: timeZone)
        message = report.message
        switch report {
        case .stillLearning:
            status = "learning"
            model = nil
        case .checked(_, let model):
            status = "checked"
            self.model = model
        }
        anomalies = report.anomalies.map { anomaly in
            Item(
                start: label.text(anomaly.start), end: anomaly.end.map(label.text), kind: anomaly.kind,
                expected: anomaly.expected, actual: anomaly.actual, variant: anomaly.variant,
                summary: anomaly.summary)
        }
    }
}

/// Dates as the answers write them: `2026-10-01` for daily series, `2026-10-01T14:00:00Z` for hourly.
struct ForecastDateLabel {
    let frequency: ForecastFrequency
    let timeZone: TimeZone

    func text(_ date: Date) -> String {
        switch frequency {
        case .daily:
            date.formatted(Date.ISO8601FormatStyle(timeZone: timeZone).year().month().day().dateSeparator(.dash))
        case .hourly:
            date.formatted(Date.ISO8601FormatStyle(timeZone: timeZone))
        }
    }
}

/// Tuning of `AnomalyDetector`. `preset(for:)` gives the values benchmarked in
/// insight-forecast-bench; change them only with the benchmark at hand.
package struct AnomalyDetectorOptions: Sendable {
    /// History needed before anything is checked.
    package var warmupDays = 14
    /// First index to check; nil means the last `defaultScanDays` (but never inside the warm-up).
    /// The model is fitted on everything before it and then rolled forward one step at a time.
    package var scanFrom: Int? = nil
    package var defaultScanDays = 7
    /// CUSUM on standardised errors (`AnomalyNoiseScale.score`): slack per step and the drop's
    /// alarm threshold. Persistence is what keeps false alarms rare: a single odd hour never
    /// alarms, a day-long 40% drop does.
    package var cusumSlack = 0.5
    package var cusumThreshold = 8.0
    /// The up CUSUM's threshold (nil: `cusumThreshold`). Can be higher than the drop's: a missed
    /// drop is a broken code nobody fixes, a missed spike is good news noticed a little later.
    package var spikeThreshold: Double? = nil
    /// An alarm also needs this relative deviation over its span (statistically clear but small
    /// deviations of big series are not worth a page).
    package var minRelativeDeviation = 0.25
    /// Consecutive normal points (|z| < 1) that end an anomaly.
    package var recoveryPoints = 3
    /// A run of zeros alarms once its probability under the forecast is below e^−threshold
    /// (Poisson: once the expected count over the run exceeds it). 7 rather than 9 on hourly
    /// series: 93% instead of 87% of drops to zero found within 3 hours, for 0.2 more false
    /// alarms per 90 days on the benchmark.
    package var zeroLogProbability = 7.0
    /// Observations are clipped to forecast ± clip·sd before they update the model, so an
    /// anomaly does not become the new normal.
    package var clip = 2.5
    /// The word used in summaries ("scans", "conversions", "revenue").
    package var metric = "scans"
    /// Rate collapse: the rate ratio the likelihood-ratio CUSUM tests for, and its threshold.
    package var collapseRatio = 0.4
    package var collapseThreshold = 9.2
    /// Minimum conversions in the baseline before a variant's rate is judged.
    package var collapseMinBaselineConversions = 10.0

    package init() {}

    package static func preset(for frequency: ForecastFrequency) -> AnomalyDetectorOptions {
        var o = AnomalyDetectorOptions()
        switch frequency {
        case .hourly:
            o.cusumThreshold = 8
            o.recoveryPoints = 3
        case .daily:
            // One point a day: a day-long drop must alarm on its own, so a lower threshold, and
            // one normal day ends it. The slack is half the shift worth a page (two standard
            // deviations: about 40% at 20% noise), so a single day alarms below z = −2.75 (above
            // 3.5 for a spike) while runs of mildly odd days, as from a model lagging a trend,
            // need more than the slack each.
            o.cusumSlack = 1
            o.cusumThreshold = 1.75
            o.spikeThreshold = 2.5
            o.recoveryPoints = 1
            o.zeroLogProbability = 6
        }
        return o
    }
}

/// Options for `Forecaster.forecast`. The defaults are what the API uses.
package struct ForecastOptions: Sendable {
    /// Replace one-off spikes and dips by a seasonal median before fitting.
    package var cleanOutliers = true
    /// Nelder–Mead budget per candidate form.
    package var maxEvaluations = 300
    /// Restrict the candidate ETS forms (nil: all that apply). Mainly for tests and benchmarks.
    package var forms: [(ExponentialSmoothingModel.Trend, ExponentialSmoothingModel.Season)]? = nil
    package init() {}
}

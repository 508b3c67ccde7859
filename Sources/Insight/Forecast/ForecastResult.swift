/// What `Forecaster.forecast` answers.
package struct ForecastResult: Sendable, Equatable {
    /// "ets(A,Ad,M)", "seasonal-naive" or "mean".
    package var model: String
    package var points: [ForecastPoint]
    package var peak: ForecastCapacityHint?
    /// Indices (into the input) of points replaced by the outlier cleaner before fitting.
    package var cleanedOutliers: [Int]
    /// How many of the most recent points the model was fitted on (`ForecastLimits.fitPoints(seasonLength:)` at most).
    package var fittedPoints: Int
    /// Plain-words remark when a fallback was used (short or constant series), else nil.
    package var note: String?
}

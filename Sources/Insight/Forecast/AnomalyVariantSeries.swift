/// Hourly (or daily) impressions and conversions of one variant.
package struct AnomalyVariantSeries: Sendable, Equatable {
    package var variant: String
    package var impressions: [Double]
    package var conversions: [Double]
    package init(variant: String, impressions: [Double], conversions: [Double]) {
        self.variant = variant
        self.impressions = impressions
        self.conversions = conversions
    }
}

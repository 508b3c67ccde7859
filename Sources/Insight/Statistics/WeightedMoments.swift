/// Weighted sums over the logged decisions for one target policy.
struct WeightedMoments {
    var weight: Double
    var weightedReward: Double
    var weightedRewardSquared: Double
    var crossTerm: Double
    var weightSquared: Double
    var largestWeight: Double
    var weightedRewardCubed: Double
    var cubeRewardSquared: Double
    var cubeReward: Double
    var weightCubed: Double
}

/// The doubly robust estimator's reward model: the mean reward of a (cell, action), falling back
/// to the action's mean over all cells when the cell never saw it, then to the overall mean.
struct RewardModel: Sendable {
    let cells: [String: [OffPolicySums?]]
    let actionMeans: [Double?]
    let overallMean: Double

    init(cells: [String: [OffPolicySums?]], actionCount: Int, overallMean: Double) {
        var counts = [Double](repeating: 0, count: actionCount)
        var rewards = [Double](repeating: 0, count: actionCount)
        for row in cells.values {
            for case let sums? in row {
                counts[sums.action] += sums.count
                rewards[sums.action] += sums.rewardSum
            }
        }
        self.cells = cells
        actionMeans = zip(counts, rewards).map { $0 > 0 ? $1 / $0 : nil }
        self.overallMean = overallMean.isFinite ? overallMean : 0
    }

    func prediction(cell: String, action: Int) -> Double {
        if let sums = cells[cell]?[action], sums.count > 0 { return sums.rewardSum / sums.count }
        return actionMeans[action] ?? overallMean
    }
}

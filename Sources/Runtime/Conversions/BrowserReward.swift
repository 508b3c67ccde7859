/// What one conversion reported by a browser (beacon, `_go`, pixel) is credited: the value sent, or
/// the goal's when none was, lowered to the goal's cap (`GoalManifest.cap`).
struct BrowserReward: Equatable {
    var value: Double
    /// Whether the value sent was above the cap.
    var capped: Bool
}

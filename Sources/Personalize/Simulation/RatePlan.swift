/// True conversion probabilities for one stretch of a scenario: a base rate per variant, then rules
/// that override some variants' rates for visitors matching all of a rule's features. Later
/// matching rules win.
package struct RatePlan: Sendable, Equatable {
    package struct Rule: Sendable, Equatable {
        package var when: [String: String]
        /// Variant index → conversion probability.
        package var rates: [Int: Double]

        package init(when: [String: String], rates: [Int: Double]) {
            self.when = when
            self.rates = rates
        }

        func matches(_ features: [String: String]) -> Bool {
            when.allSatisfy { features[$0.key] == $0.value }
        }
    }

    /// The round from which this plan applies (0 for the first; the drift point for the second).
    package var start: Int
    package var base: [Double]
    package var rules: [Rule]
    /// Rounds over which rates move linearly from the previous plan's to this one's (0: at once).
    package var ramp: Int

    package init(start: Int, base: [Double], rules: [Rule], ramp: Int = 0) {
        self.start = start
        self.base = base
        self.rules = rules
        self.ramp = ramp
    }

    func rates(for features: [String: String]) -> [Double] {
        var rates = base
        for rule in rules where rule.matches(features) {
            for (variant, rate) in rule.rates { rates[variant] = rate }
        }
        return rates
    }
}

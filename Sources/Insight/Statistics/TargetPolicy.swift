/// A policy whose value the report estimates from the logged decisions.
package enum TargetPolicy: Sendable, Hashable, CustomStringConvertible {
    /// The policy as it ran: its value is the plain mean reward.
    case logged
    /// Every action with probability 1/K.
    case uniform
    /// One action for everyone.
    case always(Int)

    /// π(action) for a target that ignores the context (all three do).
    func probability(of action: Int, actionCount: Int) -> Double {
        switch self {
        case .logged: return 1
        case .uniform: return 1 / Double(actionCount)
        case .always(let chosen): return action == chosen ? 1 : 0
        }
    }

    package var description: String {
        switch self {
        case .logged: return "logged"
        case .uniform: return "uniform"
        case .always(let action): return "always(\(action))"
        }
    }
}

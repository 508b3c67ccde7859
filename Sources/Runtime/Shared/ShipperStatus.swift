import Synchronization

/// What the shipper knows, for `/healthz`, `/metrics` and the shipper itself: the marks up to
/// which the shared store has committed this node's events, whether it was reachable at the last
/// attempt, and how many committed events still wait.
package final class ShipperStatus: Sendable {
    package struct Snapshot: Sendable, Equatable {
        /// Nil until the marks were read from the local database.
        package var marks: ShippedMarks?
        /// Nil before the first attempt.
        package var reachable: Bool?
        package var lastProblem: String?
        /// When the shared store last answered.
        package var lastContact: ContinuousClock.Instant?
        package var unshippedDecisions = 0
        package var unshippedConversions = 0

        package var lag: Int { unshippedDecisions + unshippedConversions }
    }

    private let state = Mutex(Snapshot())

    package var current: Snapshot { state.withLock { $0 } }

    func update(_ change: (inout Snapshot) -> Void) {
        state.withLock { change(&$0) }
    }
}

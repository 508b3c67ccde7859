import Synchronization

/// What the puller knows, for `/healthz`, `/metrics` and the puller itself: the cursors up to
/// which other nodes' events are learned here, whether the last pull reached the shared store,
/// and how late pulled events were learned.
package final class PullerStatus: Sendable {
    package struct Snapshot: Sendable, Equatable {
        /// Nil until the cursors were read from the local database.
        package var cursors: PullCursors?
        /// Nil before the first attempt.
        package var reachable: Bool?
        package var lastProblem: String?
        /// Other nodes' events learned here since start.
        package var pulledEvents = 0
        package var lag = SyncLag()
    }

    private let state = Mutex(Snapshot())

    package var current: Snapshot { state.withLock { $0 } }

    func update(_ change: (inout Snapshot) -> Void) {
        state.withLock { change(&$0) }
    }
}

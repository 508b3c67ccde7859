import Runtime
import SiteGen
import Synchronization

/// Where the preview's builds stand: which generation of pages the tabs should be showing and,
/// while the last build failed, why.
///
/// Every page carries the generation it was loaded with, and every new event stream starts with
/// the current one, so a tab that reloaded while a rebuild finished still notices it is stale.
package final class PreviewStatus: Sendable {
    private struct State {
        /// Stamped into pages by the filter while a deployment loads.
        var loading = 0
        /// The generation of the deployment being served.
        var served = 0
        var problems: [Diagnostic] = []
    }

    private let state = Mutex(State())

    package init() {}

    /// Called before loading a new deployment: the pages it loads carry this number.
    func beginLoad() -> Int {
        state.withLock { state in
            state.loading += 1
            return state.loading
        }
    }

    var loadingGeneration: Int { state.withLock { $0.loading } }

    func loaded(_ generation: Int) {
        state.withLock { $0.served = generation }
    }

    func failed(_ problems: [Diagnostic]) {
        state.withLock { $0.problems = problems }
    }

    func succeeded() {
        state.withLock { $0.problems = [] }
    }

    package var servedGeneration: Int { state.withLock { $0.served } }
    package var problems: [Diagnostic] { state.withLock { $0.problems } }
}

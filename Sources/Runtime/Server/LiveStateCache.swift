/// One connection's copy of the runtime's live state, read again only after a reload swapped
/// it: the lock around the state is then not taken per request by every event loop.
struct LiveStateCache {
    private let runtime: SitegenRuntime
    private var generation: Int
    private var state: LiveState

    init(runtime: SitegenRuntime) {
        self.runtime = runtime
        // The generation first: a swap between the two reads makes the next request read again.
        self.generation = runtime.liveGeneration.load(ordering: .acquiring)
        self.state = runtime.live
    }

    var current: LiveState {
        mutating get {
            let now = runtime.liveGeneration.load(ordering: .acquiring)
            if now != generation {
                generation = now
                state = runtime.live
            }
            return state
        }
    }
}

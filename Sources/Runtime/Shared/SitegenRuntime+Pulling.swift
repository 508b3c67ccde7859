import Foundation

extension SitegenRuntime {
    /// Rows per outbox and table per pull: a round of a few outboxes stays a few milliseconds
    /// of learning, and a node catching up takes round after round at once.
    static let pullBatch = 1_000

    /// Pulls other nodes' new events from the shared store, records them here (marked with their
    /// origin, so never shipped back) and teaches them to the models, then records the cursors.
    /// A round that finds nothing settles the models (`SiteModel.settle`). Rounds must not overlap
    /// (the service runs one at a time; tests call it between).
    @discardableResult
    package func pullShared() async -> ShippingRound {
        guard let shared = options.sharedStore, let store else { return .disabled }
        let cursors: PullCursors
        do {
            cursors = try pullerStatus.current.cursors ?? store.pullCursors()
        } catch {
            logger.error("puller: reading the pull cursors failed: \(error)")
            return .failed
        }
        let pulled: PulledEvents
        do {
            pulled = try await shared.pull(after: cursors, excluding: store.outboxID, limit: Self.pullBatch)
        } catch {
            // Shutdown ends a pull under way: that says nothing about the shared store.
            if Task.isCancelled { return .failed }
            let wasReachable = pullerStatus.current.reachable
            pullerStatus.update {
                $0.cursors = cursors
                $0.reachable = false
                $0.lastProblem = String(describing: error)
            }
            if wasReachable != false { logger.error("puller: shared store unreachable: \(error)") }
            return .failed
        }
        guard !pulled.isEmpty else {
            pullerStatus.update {
                $0.cursors = cursors
                $0.reachable = true
                $0.lastProblem = nil
            }
            // Quiet: whatever was learned since the last round, in whatever order, now gives the
            // same model on every node.
            for model in live.models.values { model.settle() }
            return .drained
        }
        var next = cursors
        var lags: [Double] = []
        lags.reserveCapacity(pulled.decisions.count + pulled.conversions.count)
        do {
            for pulledDecision in pulled.decisions {
                try importForeignDecision(pulledDecision.record)
                next.advance(pulledDecision.origin, decision: pulledDecision.seq)
                lags.append(Date().timeIntervalSince(pulledDecision.record.at))
            }
            for pulledConversion in pulled.conversions {
                try importForeignDecision(pulledConversion.decision)
                try await importForeignConversion(pulledConversion.record)
                next.advance(pulledConversion.origin, conversion: pulledConversion.seq)
                lags.append(Date().timeIntervalSince(pulledConversion.record.at))
            }
            // Impressions waiting out a snapshot are handed to the store when it ends; then one
            // flush commits them all, and only then may the cursors say they are here.
            for model in live.models.values { await model.waitForThaw() }
            try await store.flush()
        } catch {
            // What was imported stays (a later round skips it); the cursors stay where they were.
            logger.error("puller: storing other nodes' events failed: \(error)")
            return .failed
        }
        store.recordPullCursors(next)
        pullerStatus.update { status in
            status.cursors = next
            status.reachable = true
            status.lastProblem = nil
            status.pulledEvents += lags.count
            for lag in lags { status.lag.record(max(0, lag)) }
        }
        return pulled.full ? .full : .drained
    }

    /// Records and learns a decision another node made, unless this node has it already (pulled
    /// before, imported for a conversion, or a row from before a crash that lost the cursor):
    /// every decision is learned once, when it first reaches this database, like its own.
    /// Returns whether it was new here.
    @discardableResult
    func importForeignDecision(_ decision: DecisionRecord) throws(StoreError) -> Bool {
        guard let store else { return false }
        return try foreignImports.withLock { _ throws(StoreError) in
            let model = live.models[decision.site]
            // The model first: a deferred impression moves from it to the store, never back.
            if model?.isHolding(id: decision.id) == true { return false }
            if try store.hasDecision(id: decision.id) { return false }
            if let model {
                model.record(decision)
            } else {
                // A site this node does not serve (yet): kept, so a model made for it later
                // replays it.
                store.recordDecision(decision)
            }
            return true
        }
    }

    /// Records another node's conversion (its decision is here, `importForeignDecision`) and
    /// learns it when its decision is learnable. One this node has already (the same decision
    /// and goal) is a duplicate and changes nothing, so a conversion is learned once per node.
    private func importForeignConversion(_ conversion: ConversionRecord) async throws(StoreError) {
        if let model = live.models[conversion.site] {
            _ = try await model.convert(conversion)
        } else {
            _ = try await store?.recordConversion(conversion)
        }
    }
}

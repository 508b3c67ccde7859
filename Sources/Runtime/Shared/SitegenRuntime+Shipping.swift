import Foundation

extension SitegenRuntime {
    /// Events per table per shipping transaction: at 12 parameters a decision, a statement stays
    /// far below PostgreSQL's 65,535 bind limit.
    static let shipBatch = 1_000
    /// How often an idle node checks that the shared store still answers.
    static let idleProbeInterval = Duration.seconds(2)

    /// Ships the next batch of committed local events, then records the new marks and the lag.
    /// Rounds must not overlap (the service runs one at a time; tests call it between).
    @discardableResult
    package func shipPending() async -> ShippingRound {
        guard let shared = options.sharedStore, let store else { return .disabled }
        let batch: ShipmentBatch
        let marks: ShippedMarks
        do {
            marks = try shipperStatus.current.marks ?? store.shippedMarks()
            batch = try store.unshipped(after: marks, limit: Self.shipBatch, node: options.node)
        } catch {
            logger.error("shipper: reading the local outbox failed: \(error)")
            return .failed
        }
        let status = shipperStatus.current
        let idleCheckDue = status.lastContact.map { ContinuousClock.now - $0 > Self.idleProbeInterval } ?? true
        // An idle node still finds out whether the shared store is there (and when it is back).
        guard !batch.isEmpty || status.reachable != true || idleCheckDue else {
            // Nothing of ours, but rows pulled from other nodes: step over them once.
            if batch.through != marks {
                store.recordShippedMarks(batch.through)
                shipperStatus.update { $0.marks = batch.through }
            }
            return .drained
        }
        var next = marks
        do {
            if batch.isEmpty {
                try await shared.ping()
            } else {
                try await shared.ship(batch)
            }
        } catch {
            shipperStatus.update {
                $0.marks = marks
                $0.reachable = false
                $0.lastProblem = String(describing: error)
            }
            if status.reachable != false {
                logger.error("shared store unreachable, events wait in the local database: \(error)")
            }
            await refreshLag(store: store, marks: marks)
            return .failed
        }
        if batch.through != marks {
            next = batch.through
            // Only now, with the shared store committed, may the outbox forget them.
            store.recordShippedMarks(next)
        }
        shipperStatus.update {
            $0.marks = next
            $0.reachable = true
            $0.lastProblem = nil
            $0.lastContact = .now
        }
        if status.reachable == false { logger.info("shared store reachable again; shipping what waited") }
        await refreshLag(store: store, marks: next)
        let full = batch.decisions.count == Self.shipBatch || batch.conversions.count == Self.shipBatch
        return full ? .full : .drained
    }

    private func refreshLag(store: EventStore, marks: ShippedMarks) async {
        guard let counts = try? store.unshippedCounts(after: marks) else { return }
        shipperStatus.update {
            $0.unshippedDecisions = counts.decisions
            $0.unshippedConversions = counts.conversions
        }
    }

    /// A decision another node made, looked up in the shared store and imported here, so a
    /// conversion for it joins here and ships with this node's events. Nil when no node has it
    /// (or it is another site's). Throws `.sharedStoreUnreachable` when the shared store cannot
    /// answer: the caller answers 503, never "unknown".
    ///
    /// Imported as the puller would have (`importForeignDecision`): learned now, once, and
    /// skipped when the puller reaches it.
    func importSharedDecision(id: String, site: String) async throws(StoreError) -> DecisionRecord? {
        guard let shared = options.sharedStore, store != nil else { return nil }
        let found: DecisionRecord?
        do {
            found = try await shared.decision(id: id)
        } catch {
            throw .sharedStoreUnreachable(detail: String(describing: error))
        }
        guard let decision = found, decision.site == site else { return nil }
        try importForeignDecision(decision)
        return decision
    }
}

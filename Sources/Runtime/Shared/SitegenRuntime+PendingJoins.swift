import Foundation

extension SitegenRuntime {
    /// Records the conversions waiting for their decision (`PendingJoins`) whose decision has
    /// arrived since: pulled, or found in the shared store now. Each is recorded through its
    /// site's model like a fresh one, so it is learned once; the row goes only after that commit,
    /// and a retry after a crash in between finds the conversion recorded (a duplicate) and just
    /// removes the row. Those older than `ClickToken.lifetime` are dropped and counted
    /// (`sitegen_pending_joins_expired_total`): their decision was lost with its node's database.
    /// The puller calls this after every round.
    func joinPendingConversions(now: Date = Date()) async {
        guard let store, options.sharedStore != nil else { return }
        do {
            for (conversion, receivedAt) in try store.pendingJoins.all() {
                if now.timeIntervalSince(receivedAt) > Double(ClickToken.lifetime) {
                    try store.pendingJoins.remove(conversion)
                    metrics.expiredPending.increment()
                    logger.warning(
                        "site \(conversion.site): dropped a conversion whose decision never reached the shared store")
                    continue
                }
                // A site no longer served keeps its conversions until they expire.
                guard let model = live.models[conversion.site] else { continue }
                var result = try await model.convert(conversion)
                if case .unknownDecision = result,
                    try await importSharedDecision(id: conversion.decisionID, site: conversion.site) != nil
                {
                    result = try await model.convert(conversion)
                }
                switch result {
                case .recorded:
                    metrics.conversions.increment()
                    metrics.joinedPending.increment()
                    try store.pendingJoins.remove(conversion)
                case .duplicate:
                    try store.pendingJoins.remove(conversion)
                case .unknownDecision:
                    continue  // not shipped yet: the next round asks again
                }
            }
        } catch {
            // The shared store or the disk is away: the rows stay for the next round.
            logger.debug("joining pending conversions waits: \(error)")
        }
    }
}

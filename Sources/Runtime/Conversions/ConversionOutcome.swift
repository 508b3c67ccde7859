import Foundation

/// How recording a conversion ended. The one place a conversion is committed and counted is
/// `SitegenRuntime.recordConversion`; each HTTP adapter (`_convert`, `_go`, `_pixel`,
/// `/ml/bandit/update`) only maps this to its own answer.
enum ConversionOutcome {
    /// Committed (durable) and, when its decision is learnable, learned.
    case recorded(decision: DecisionRecord)
    /// The decision already had this goal: nothing changed (a beacon fired twice, a retry).
    case duplicate
    /// No decision with this id for the site: never recorded, lost to a crash within its flush
    /// delay, folded by retention, or forged.
    case unknownDecision
    /// Another node's decision that no node has shipped yet, or that cannot be looked up while
    /// the shared store is unreachable (with `--store`): kept durably in
    /// `PendingJoins` and recorded once the decision arrives (`joinPendingConversions`). Answered
    /// `202`: accepted, not yet counted.
    case pending
    /// The store could not commit it (a failing disk, a deleted database): the caller may retry,
    /// and nothing was acknowledged.
    case notStored
}

extension SitegenRuntime {
    /// Commits `conversion` through the site's model (which learns it) and counts the outcome. A
    /// decision this node does not have may be another node's (one visitor, any node): with a
    /// shared store it is copied here and the conversion recorded against it; one no node has
    /// shipped yet, or one that cannot be looked up while the shared store is unreachable, is kept
    /// until it arrives (`.pending`), never unknown.
    func recordConversion(_ conversion: ConversionRecord, model: SiteModel) async -> ConversionOutcome {
        do {
            var result = try await model.convert(conversion)
            if case .unknownDecision = result, let store, options.sharedStore != nil {
                let imported: DecisionRecord?
                do {
                    imported = try await importSharedDecision(id: conversion.decisionID, site: conversion.site)
                } catch .sharedStoreUnreachable {
                    // PostgreSQL is away, so the decision cannot be looked up now. Every door that
                    // gets here holds a decision id this cluster signed (a cookie or a click
                    // token), and a browser's beacon does not retry a 503: keep the conversion
                    // like one whose decision is not shipped yet, joined once PostgreSQL is back.
                    imported = nil
                }
                guard imported != nil else {
                    // The decision's node may not have shipped it yet (up to 200 ms, longer
                    // while PostgreSQL is away): keep the conversion until it has.
                    try store.pendingJoins.add(conversion, receivedAt: Date())
                    metrics.pendingJoins.increment()
                    return .pending
                }
                result = try await model.convert(conversion)
            }
            switch result {
            case .recorded(let decision):
                metrics.conversions.increment()
                return .recorded(decision: decision)
            case .duplicate:
                metrics.duplicateConversions.increment()
                return .duplicate
            case .unknownDecision:
                return .unknownDecision
            }
        } catch {
            logger.error("site \(conversion.site): conversion not stored: \(error)")
            return .notStored
        }
    }
}

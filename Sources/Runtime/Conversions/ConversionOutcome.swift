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
    /// Another node's decision that no node has shipped yet (with `--store`): kept durably in
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
    /// shipped yet is kept until it is (`.pending`); an unreachable shared store is `.notStored`
    /// (retry), never unknown.
    func recordConversion(_ conversion: ConversionRecord, model: SiteModel) async -> ConversionOutcome {
        do {
            var result = try await model.convert(conversion)
            if case .unknownDecision = result, let store, options.sharedStore != nil {
                guard try await importSharedDecision(id: conversion.decisionID, site: conversion.site) != nil else {
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

/// How one shipping round ended.
package enum ShippingRound: Sendable, Equatable {
    /// Nothing was waiting, or less than a batch, now shipped.
    case drained
    /// A full batch was shipped: more may be waiting.
    case full
    /// The shared store (or the local read) failed; nothing was marked.
    case failed
    /// No shared store or no local store is configured.
    case disabled
}

/// Whether the store can write, as `/healthz` and `/metrics` report it.
package enum StoreHealth: Equatable, Sendable {
    /// The last transaction committed (or none was needed yet).
    case writing
    /// The last transaction failed (a full disk, an I/O error); impressions wait in memory up to
    /// `StoreWriter.maxBuffered` and every batch is retried with back-off, so this ends by itself
    /// when the cause does. Conversions are refused (503) meanwhile, never acknowledged and lost.
    case failing(StoreError)
    /// The database file was deleted or replaced under the server; nothing can be stored until a
    /// restart. Final.
    case detached(StoreError)

    package var isWriting: Bool { self == .writing }

    /// "ok", "failing" or "detached": the field `/healthz` shows.
    package var name: String {
        switch self {
        case .writing: "ok"
        case .failing: "failing"
        case .detached: "detached"
        }
    }

    package var problem: StoreError? {
        switch self {
        case .writing: nil
        case .failing(let error), .detached(let error): error
        }
    }
}

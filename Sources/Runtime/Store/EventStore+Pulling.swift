extension EventStore {
    /// How far other nodes' events were pulled into this database (empty before the first pull,
    /// and for a new, empty database, which then catches up from the start).
    package func pullCursors() throws(StoreError) -> PullCursors {
        try withReader { reader throws(StoreError) in
            guard let bytes = try reader.metaValue(PullCursors.key) else { return PullCursors() }
            guard let cursors = PullCursors(encoded: bytes) else {
                throw .corruptRow(table: "meta", column: "value", detail: "\(PullCursors.key) is not readable")
            }
            return cursors
        }
    }

    /// Records the cursors with the writer's next batch. Call it only once the events they cover
    /// are committed (`flush`): a cursor ahead of its events would skip them after a crash.
    package func recordPullCursors(_ cursors: PullCursors) {
        recordMeta(PullCursors.key, cursors.encoded)
    }
}

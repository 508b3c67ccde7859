import Foundation

/// The single writer: a dedicated thread that owns the read-write connection and turns everything that
/// arrived since its last transaction into one transaction (group commit). Impressions wait at most
/// `flushDelay` in memory; conversions, flushes and snapshots are written as soon as the previous
/// transaction is done, so a burst of concurrent conversions shares one fsync.
///
/// `@unchecked Sendable`: the queue fields are only touched with `condition` locked, and the database
/// and `lastDecisionSeq` only on the writer thread (after `start`).
final class StoreWriter: @unchecked Sendable {
    /// How long an impression may sit in memory before the writer commits it. Short on purpose: the
    /// writer shares the cores with the event loops, and on 2 cores a batch of 50 ms of traffic
    /// (thousands of rows, tens of milliseconds of work) delayed the requests it preempted enough to
    /// add a millisecond to the p99 of new visitors; 2 ms batches cost a little more CPU per row but
    /// spread it evenly.
    static let flushDelay: TimeInterval = 0.002
    /// How long view and scan counters alone may wait: nobody waits for them, and a report a
    /// second late is still right.
    static let visitFlushDelay: TimeInterval = 1
    /// A backlog this large is written at once rather than waiting for the timer.
    static let eagerBatch = 4096
    /// The longest a stream of impressions goes without an fsync (see `needsSync`).
    static let syncInterval: TimeInterval = 1
    /// Beyond this many unwritten impressions (the disk is failing), new ones are counted and dropped
    /// instead of growing memory without bound.
    static let maxBuffered = 1_000_000

    private struct PendingConversion {
        let record: ConversionRecord
        let continuation: CheckedContinuation<Result<ConversionResult, StoreError>, Never>
    }

    private struct PendingSnapshot {
        let site: String
        let state: [UInt8]
        let at: Date
        /// Impressions buffered before the call: the first `decisionPosition` of the next batch.
        var decisionPosition: Int
        /// Conversions committed before the call.
        let conversionMark: Int64
        let continuation: CheckedContinuation<Result<Void, StoreError>, Never>
    }

    private struct PendingFold {
        let request: EventFolder.Request
        let continuation: CheckedContinuation<Result<EventFolder.Outcome, StoreError>, Never>
    }

    /// One counter row of `visit_counts`.
    struct VisitKey: Hashable, Sendable {
        var site: String
        var variant: String
        /// "" when the visit named no declared placement.
        var placement: String
        /// Milliseconds at the start of the hour.
        var hour: Int64
    }

    struct VisitCount: Sendable {
        var views = 0
        var scans = 0

        mutating func add(_ other: VisitCount) {
            views += other.views
            scans += other.scans
        }
    }

    /// The `meta` key under which the lost impressions of every run are added up, so a report
    /// read after a restart still sees them.
    static let droppedKey = "dropped-decisions"

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var pending: [DecisionRecord] = []
    /// Page views and scans since the last batch, summed in memory (a dictionary hit per request,
    /// a row per site, variant, placement and hour per batch).
    private var visits: [VisitKey: VisitCount] = [:]
    /// `meta` rows to upsert with the next batch.
    private var settings: [(key: String, value: [UInt8])] = []
    private var inFlight: [DecisionRecord] = []
    private var conversions: [PendingConversion] = []
    private var snapshots: [PendingSnapshot] = []
    private var folds: [PendingFold] = []
    private var flushWaiters: [CheckedContinuation<Result<Void, StoreError>, Never>] = []
    private var closeWaiters: [CheckedContinuation<Result<Void, StoreError>, Never>] = []
    private var committedConversionSeq: Int64
    private var closing = false
    private var stopped = false
    private var lastError: StoreError?
    /// Set once the database file is found deleted or replaced (`checkFile`); final.
    private var detached: StoreError?
    private var dropped = 0
    private var transactions = 0

    // Writer thread only.
    private let db: Database
    /// The file the connection opened; nil if it could not be looked at (then never checked).
    private let fileIdentity: FileIdentity?
    private let insertDecision: Statement
    private let selectDecision: Statement
    private let insertConversion: Statement
    private let insertSnapshot: Statement
    private let pruneSnapshots: Statement
    private let upsertVisits: Statement
    private let upsertMeta: Statement
    private let upsertVariantHours: Statement
    private let countDecisionConversions: Statement
    private let folder: EventFolder
    private var lastDecisionSeq: Int64
    /// Dropped impressions of earlier runs (from `meta`), and the total last written there.
    private let droppedBefore: Int
    private var droppedWritten: Int
    /// The connection's `synchronous` setting: FULL as `EventStore` opened it, or NORMAL.
    private var durableCommits = true
    /// When the last FULL commit started: see `needsSync`.
    private var lastSync = Date.distantPast
    /// An emptied earlier batch, ready to become `pending` (see `recycle`).
    private var spareBuffer: [DecisionRecord] = []

    init(database: Database) throws(StoreError) {
        db = database
        fileIdentity = FileIdentity(path: database.path)
        insertDecision = try db.prepare(StoreSQL.insertDecision, for: "insert decision")
        selectDecision = try db.prepare(StoreSQL.selectDecision, for: "find decision")
        insertConversion = try db.prepare(StoreSQL.insertConversion, for: "insert conversion")
        insertSnapshot = try db.prepare(StoreSQL.insertSnapshot, for: "insert snapshot")
        pruneSnapshots = try db.prepare(StoreSQL.pruneSnapshots, for: "prune snapshots")
        upsertVisits = try db.prepare(StoreSQL.upsertVisits, for: "count visits")
        upsertMeta = try db.prepare(StoreSQL.upsertMeta, for: "store setting")
        upsertVariantHours = try db.prepare(StoreSQL.upsertVariantHours, for: "count variant hours")
        countDecisionConversions = try db.prepare(
            StoreSQL.countDecisionConversions, for: "count a decision's conversions")
        folder = try EventFolder(db: db)
        let before = try ReadConnection(db: db).metaValue(Self.droppedKey).flatMap {
            Int(String(decoding: $0, as: UTF8.self))
        }
        droppedBefore = before ?? 0
        droppedWritten = droppedBefore
        lastDecisionSeq = try db.integer(StoreSQL.maxDecisionSeq, for: "read decision position") ?? 0
        committedConversionSeq = try db.integer(StoreSQL.maxConversionSeq, for: "read conversion position") ?? 0
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "sitegen-event-store"
        thread.start()
    }

    // MARK: Callers (any thread)

    /// The per-request path: a lock, an append, and a wake-up only when the batch starts or is large.
    func enqueue(_ decision: DecisionRecord) {
        condition.lock()
        if closing || detached != nil || pending.count >= Self.maxBuffered {
            dropped += 1
            condition.unlock()
            return
        }
        pending.append(decision)
        let wake = pending.count == 1 || pending.count == Self.eagerBatch
        condition.unlock()
        if wake { condition.signal() }
    }

    /// A page view (and a scan when `scan`): one dictionary update under the lock; the writer
    /// adds the counts to their rows with its next batch.
    func countVisit(_ key: VisitKey, scan: Bool) {
        condition.lock()
        if closing {
            condition.unlock()
            return
        }
        let first = visits.isEmpty
        visits[key, default: VisitCount()].add(VisitCount(views: 1, scans: scan ? 1 : 0))
        condition.unlock()
        if first { condition.signal() }
    }

    /// Upserts a `meta` row with the next batch (without waiting for it).
    func setMeta(_ key: String, _ value: [UInt8]) {
        condition.lock()
        let first = settings.isEmpty
        settings.append((key, value))
        condition.unlock()
        if first { condition.signal() }
    }

    func enqueue(_ conversion: ConversionRecord) async -> Result<ConversionResult, StoreError> {
        await handOver(refusal: { closing ? .failure(.closed) : nil }) { continuation in
            conversions.append(PendingConversion(record: conversion, continuation: continuation))
        }
    }

    func enqueueSnapshot(site: String, state: [UInt8], at: Date) async -> Result<Void, StoreError> {
        await handOver(refusal: { closing ? .failure(.closed) : nil }) { continuation in
            snapshots.append(
                PendingSnapshot(
                    site: site, state: state, at: at, decisionPosition: pending.count,
                    conversionMark: committedConversionSeq, continuation: continuation))
        }
    }

    /// Folds a chunk of old events (`EventFolder`) in its own transaction after the next batch.
    func enqueueFold(_ request: EventFolder.Request) async -> Result<EventFolder.Outcome, StoreError> {
        await handOver(refusal: { closing ? .failure(.closed) : detached.map { .failure($0) } }) { continuation in
            folds.append(PendingFold(request: request, continuation: continuation))
        }
    }

    /// Resolves once everything enqueued before the call is committed.
    func flush() async -> Result<Void, StoreError> {
        await handOver(refusal: { stopped ? .success(()) : nil }) { flushWaiters.append($0) }
    }

    /// Writes what is buffered, closes the connection and ends the thread.
    func close() async -> Result<Void, StoreError> {
        await handOver(refusal: { stopped ? .success(()) : nil }) { continuation in
            closing = true
            closeWaiters.append(continuation)
        }
    }

    /// Queues a caller that waits for the writer thread: under the lock, `refusal` may answer at
    /// once (the store is closing or stopped); otherwise `register` files the continuation for
    /// the thread to resume, and the thread is woken.
    private func handOver<T>(
        refusal: () -> T?, _ register: (CheckedContinuation<T, Never>) -> Void
    ) async -> T {
        await withCheckedContinuation { continuation in
            condition.lock()
            if let answer = refusal() {
                condition.unlock()
                continuation.resume(returning: answer)
                return
            }
            register(continuation)
            condition.unlock()
            condition.signal()
        }
    }

    /// Asks the thread to drain and stop without waiting (an abandoned store).
    func stopWithoutWaiting() {
        condition.lock()
        closing = true
        condition.unlock()
        condition.signal()
    }

    /// A decision not yet committed, newest first (a conversion usually follows its decision closely).
    func unwrittenDecision(id: String) -> DecisionRecord? {
        condition.lock()
        defer { condition.unlock() }
        if let found = pending.last(where: { $0.id == id }) { return found }
        return inFlight.last(where: { $0.id == id })
    }

    func countDropped() {
        condition.lock()
        dropped += 1
        condition.unlock()
    }

    /// Event transactions committed so far: with group commit, far fewer than conversions.
    var committedTransactions: Int {
        condition.lock()
        defer { condition.unlock() }
        return transactions
    }

    var health: StoreHealth {
        condition.lock()
        defer { condition.unlock() }
        if let detached { return .detached(detached) }
        if let lastError { return .failing(lastError) }
        return .writing
    }

    /// Impressions waiting in memory for the next transaction (many only while writes fail).
    var bufferedDecisions: Int {
        condition.lock()
        defer { condition.unlock() }
        return pending.count + inFlight.count
    }

    var droppedDecisions: Int {
        condition.lock()
        defer { condition.unlock() }
        return dropped
    }

    // MARK: Writer thread

    private struct Batch {
        var decisions: [DecisionRecord] = []
        var conversions: [PendingConversion] = []
        var snapshots: [PendingSnapshot] = []
        var flushWaiters: [CheckedContinuation<Result<Void, StoreError>, Never>] = []
        var visits: [VisitKey: VisitCount] = [:]
        var settings: [(key: String, value: [UInt8])] = []
        /// Impressions dropped in this run so far.
        var dropped = 0
    }

    private func run() {
        condition.lock()
        var deadline: Date?
        var visitDeadline: Date?
        // After a failed write, impressions alone wait this long before the next attempt (doubling
        // up to 2 s), so a failing disk is not rewritten in a tight loop. Callers waiting for an
        // answer (conversions, snapshots, flushes) still get an attempt at once.
        var retryAt: Date?
        var backoff = 0.1
        while true {
            let readyToRetry = retryAt.map { Date() >= $0 } ?? true
            let urgent =
                !conversions.isEmpty || !snapshots.isEmpty || !flushWaiters.isEmpty || !folds.isEmpty || closing
                || (pending.count >= Self.eagerBatch && readyToRetry)
            let idle = pending.isEmpty && visits.isEmpty && settings.isEmpty
            if !urgent {
                if idle {
                    deadline = nil
                    visitDeadline = nil
                    condition.wait()
                    continue
                }
                // The timer starts when the writer first sees an impression, which keeps the clock off
                // the per-request path; the wake-up on the first append bounds the gap. Counters
                // alone wait longer (they ride along with any batch before that): a commit every
                // 2 ms for returning visitors only cost them about 2 µs of CPU per request.
                let due: Date
                if !pending.isEmpty || !settings.isEmpty {
                    due = max(deadline ?? Date().addingTimeInterval(Self.flushDelay), retryAt ?? .distantPast)
                    deadline = due
                } else {
                    due = max(
                        visitDeadline ?? Date().addingTimeInterval(Self.visitFlushDelay), retryAt ?? .distantPast)
                    visitDeadline = due
                }
                if Date() < due {
                    _ = condition.wait(until: due)
                    continue
                }
            }
            if closing && idle && conversions.isEmpty && snapshots.isEmpty && folds.isEmpty {
                let waiters = flushWaiters + closeWaiters
                flushWaiters = []
                closeWaiters = []
                stopped = true
                let result: Result<Void, StoreError> = lastError.map { .failure($0) } ?? .success(())
                condition.unlock()
                for statement in [
                    insertDecision, selectDecision, insertConversion, insertSnapshot, pruneSnapshots, upsertVisits,
                    upsertMeta, upsertVariantHours, countDecisionConversions,
                ] + folder.statements {
                    statement.finalize()
                }
                db.close()
                for waiter in waiters { waiter.resume(returning: result) }
                return
            }
            deadline = nil
            visitDeadline = nil
            var batch = Batch()
            swap(&batch.decisions, &pending)
            swap(&pending, &spareBuffer)
            swap(&batch.conversions, &conversions)
            swap(&batch.snapshots, &snapshots)
            let batchFolds = folds
            folds = []
            swap(&batch.flushWaiters, &flushWaiters)
            swap(&batch.visits, &visits)
            swap(&batch.settings, &settings)
            batch.dropped = dropped
            inFlight = batch.decisions
            condition.unlock()

            let outcome = checkFile().map { Result.failure($0) } ?? write(batch)

            condition.lock()
            inFlight = []
            switch outcome {
            case .success(let committed):
                committedConversionSeq = max(committedConversionSeq, committed.lastConversionSeq)
                transactions += 1
                lastError = nil
                retryAt = nil
                backoff = 0.1
            case .failure(let error):
                lastError = error
                if case .databaseReplaced = error { detached = error }
                retryAt = Date().addingTimeInterval(backoff)
                backoff = min(backoff * 2, 2)
                // Keep the impressions for the next attempt, ahead of newer ones, and keep the positions
                // of snapshots that arrived meanwhile pointing at the same impressions.
                pending = batch.decisions + pending
                for (key, count) in batch.visits { visits[key, default: VisitCount()].add(count) }
                settings = batch.settings + settings
                for index in snapshots.indices { snapshots[index].decisionPosition += batch.decisions.count }
                if closing || detached != nil {
                    // No retry loop on the way out, and none for a file that is gone: count what
                    // is lost and stop holding it.
                    dropped += pending.count
                    pending = []
                    visits = [:]
                    settings = []
                }
            }
            condition.unlock()
            resume(batch, with: outcome)
            recycle(&batch.decisions)
            for fold in batchFolds { fold.continuation.resume(returning: self.fold(fold.request)) }
            condition.lock()
        }
    }

    /// Keeps a written batch's storage for the next buffer, so callers append into memory that is already
    /// allocated instead of regrowing an array (page faults included) on the request path every batch.
    private func recycle(_ decisions: inout [DecisionRecord]) {
        guard decisions.capacity <= Self.eagerBatch * 4 else { return }
        decisions.removeAll(keepingCapacity: true)
        swap(&spareBuffer, &decisions)
    }

    private func resume(_ batch: Batch, with outcome: Result<Committed, StoreError>) {
        switch outcome {
        case .success(let committed):
            for (pending, result) in zip(batch.conversions, committed.conversionResults) {
                pending.continuation.resume(returning: .success(result))
            }
            for snapshot in batch.snapshots { snapshot.continuation.resume(returning: .success(())) }
            for waiter in batch.flushWaiters { waiter.resume(returning: .success(())) }
        case .failure(let error):
            for pending in batch.conversions { pending.continuation.resume(returning: .failure(error)) }
            for snapshot in batch.snapshots { snapshot.continuation.resume(returning: .failure(error)) }
            for waiter in batch.flushWaiters { waiter.resume(returning: .failure(error)) }
        }
    }

    private struct Committed {
        /// In the order of the batch's conversions.
        var conversionResults: [ConversionResult] = []
        /// Highest `conversions.seq` written (0: none).
        var lastConversionSeq: Int64 = 0
    }

    /// One fold chunk in its own transaction, so a fold that fails fails nothing else.
    private func fold(_ request: EventFolder.Request) -> Result<EventFolder.Outcome, StoreError> {
        if let replaced = checkFile() { return .failure(replaced) }
        do throws(StoreError) {
            try setDurable(false)
            return .success(try db.transaction("fold old events") { () throws(StoreError) in try folder.fold(request) })
        } catch {
            return .failure(error)
        }
    }

    /// Whether the path still names the file the connection writes to (a stat per transaction,
    /// about a microsecond). Once it does not, everything written would be lost unseen.
    private func checkFile() -> StoreError? {
        guard let expected = fileIdentity else { return nil }
        switch FileIdentity(path: db.path) {
        case nil: return .databaseReplaced(path: db.path, detail: "deleted")
        case let found? where found != expected: return .databaseReplaced(path: db.path, detail: "replaced")
        default: return nil
        }
    }

    /// One transaction: impressions first (so conversions in the same batch can join them), then
    /// conversions, then snapshots.
    private func write(_ batch: Batch) -> Result<Committed, StoreError> {
        let decisionSeqBefore = lastDecisionSeq
        var committed = Committed()
        // Summed per batch: one upsert per site, variant and hour, not one per row.
        var variantHours: [VariantHour: (impressions: Int, converted: Int)] = [:]
        do throws(StoreError) {
            let started = Date()
            let durable = Self.needsSync(
                callerWaits: !batch.conversions.isEmpty || !batch.snapshots.isEmpty || !batch.flushWaiters.isEmpty,
                lastSync: lastSync, now: started)
            try setDurable(durable)
            try db.transaction("event batch") { () throws(StoreError) in
                var marks: [Int64] = []
                marks.reserveCapacity(batch.snapshots.count)
                var nextSnapshot = 0
                for (index, decision) in batch.decisions.enumerated() {
                    while nextSnapshot < batch.snapshots.count, batch.snapshots[nextSnapshot].decisionPosition <= index
                    {
                        marks.append(lastDecisionSeq)
                        nextSnapshot += 1
                    }
                    try insertDecision.bindDecision(decision)
                    try insertDecision.run()
                    // An id seen before is ignored (first wins); ids are random, so this means a bug upstream.
                    if db.changes == 1 {
                        lastDecisionSeq = db.lastInsertRowid
                        if decision.learn { variantHours[VariantHour(decision), default: (0, 0)].impressions += 1 }
                    }
                }
                while marks.count < batch.snapshots.count { marks.append(lastDecisionSeq) }

                for pending in batch.conversions {
                    let (result, seq) = try store(pending.record)
                    committed.conversionResults.append(result)
                    committed.lastConversionSeq = max(committed.lastConversionSeq, seq)
                    if case .recorded(let decision) = result, decision.learn, try isFirstConversion(of: decision) {
                        variantHours[VariantHour(decision), default: (0, 0)].converted += 1
                    }
                }
                for (key, count) in variantHours {
                    try upsertVariantHours.bind(1, key.site)
                    try upsertVariantHours.bind(2, key.variant)
                    try upsertVariantHours.bind(3, key.hour)
                    try upsertVariantHours.bind(4, Int64(count.impressions))
                    try upsertVariantHours.bind(5, Int64(count.converted))
                    try upsertVariantHours.run()
                }
                for (key, count) in batch.visits {
                    try upsertVisits.bind(1, key.site)
                    try upsertVisits.bind(2, key.variant)
                    try upsertVisits.bind(3, key.placement)
                    try upsertVisits.bind(4, key.hour)
                    try upsertVisits.bind(5, Int64(count.views))
                    try upsertVisits.bind(6, Int64(count.scans))
                    try upsertVisits.run()
                }
                var settings = batch.settings
                if droppedBefore + batch.dropped != droppedWritten {
                    settings.append((Self.droppedKey, Array(String(droppedBefore + batch.dropped).utf8)))
                }
                for setting in settings {
                    try upsertMeta.bind(1, setting.key)
                    try upsertMeta.bind(2, blob: setting.value)
                    try upsertMeta.run()
                }
                for (snapshot, decisionMark) in zip(batch.snapshots, marks) {
                    try insertSnapshot.bind(1, snapshot.site)
                    try insertSnapshot.bind(2, blob: snapshot.state)
                    try insertSnapshot.bind(3, decisionMark)
                    try insertSnapshot.bind(4, snapshot.conversionMark)
                    try insertSnapshot.bind(5, snapshot.at.storeMilliseconds)
                    try insertSnapshot.run()
                    try pruneSnapshots.bind(1, snapshot.site)
                    try pruneSnapshots.run()
                }
            }
            if durable { lastSync = started }
            droppedWritten = droppedBefore + batch.dropped
        } catch {
            lastDecisionSeq = decisionSeqBefore
            return .failure(error)
        }
        return .success(committed)
    }

    /// Impressions alone are mostly committed without an fsync (synchronous NORMAL): in WAL mode such a
    /// commit still survives the process being killed; only a power cut can take it back. What a
    /// caller waits for (a conversion, a snapshot, a flush) is committed FULL, and so is the first
    /// batch a second after the last FULL one: that fsync of the log makes every earlier commit
    /// durable too, so a power cut costs at most about the last second of impressions, while a busy
    /// server pays one fsync a second instead of 500.
    static func needsSync(callerWaits: Bool, lastSync: Date, now: Date) -> Bool {
        callerWaits || now.timeIntervalSince(lastSync) >= syncInterval
    }

    private func setDurable(_ durable: Bool) throws(StoreError) {
        guard durable != durableCommits else { return }
        try db.execute(durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL", for: "set synchronous")
        durableCommits = durable
    }

    /// `variant_hours`' key.
    private struct VariantHour: Hashable {
        var site: String
        var variant: String
        var hour: Int64

        init(_ decision: DecisionRecord) {
            site = decision.site
            variant = decision.variant
            let at = decision.at.storeMilliseconds
            hour = at - ((at % 3_600_000) + 3_600_000) % 3_600_000
        }
    }

    /// Whether the conversion just inserted is its decision's first (a visitor reaching a second
    /// goal is still one converted impression).
    private func isFirstConversion(of decision: DecisionRecord) throws(StoreError) -> Bool {
        try countDecisionConversions.bind(1, decision.id)
        defer { countDecisionConversions.reset() }
        return try countDecisionConversions.step() && countDecisionConversions.int64(0) == 1
    }

    /// Joins the conversion to its decision and inserts it unless it repeats a (decision, goal) pair.
    private func store(_ conversion: ConversionRecord) throws(StoreError) -> (ConversionResult, Int64) {
        try selectDecision.bind(1, conversion.decisionID)
        defer { selectDecision.reset() }
        guard try selectDecision.step() else { return (.unknownDecision, 0) }
        let decision = try selectDecision.decision()
        // A decision id from another site is as good as forged.
        guard decision.site == conversion.site else { return (.unknownDecision, 0) }
        try insertConversion.bind(1, conversion.decisionID)
        try insertConversion.bind(2, conversion.site)
        try insertConversion.bind(3, conversion.goal)
        try insertConversion.bind(4, conversion.value)
        try insertConversion.bind(5, conversion.at.storeMilliseconds)
        try insertConversion.bind(6, optional: conversion.origin)
        try insertConversion.run()
        guard db.changes == 1 else { return (.duplicate, 0) }
        return (.recorded(decision: decision), db.lastInsertRowid)
    }
}

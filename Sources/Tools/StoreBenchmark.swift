import Foundation
import Runtime

/// Measures what the event store takes on this machine: impressions through the buffered path and
/// conversions from concurrent callers through group commit. Run by the hidden `sitegen bench-store`
/// (scripts/bench-store) on a release build; speed goals live there, never in tests.
package enum StoreBenchmark {
    package struct Figures: Sendable, Codable {
        package var decisions: Int
        /// Mean wall time a caller spends in `recordDecision` (includes being descheduled on a busy box).
        package var nanosecondsPerRecordDecision: Double
        /// Mean CPU time of the calling thread per `recordDecision`: its real cost on the request path.
        package var cpuNanosecondsPerRecordDecision: Double
        /// Impressions recorded and committed (record, then flush), per second.
        package var decisionsPerSecond: Double
        package var conversions: Int
        package var concurrency: Int
        /// Conversions answered (each committed before its answer) per second.
        package var conversionsPerSecond: Double
        /// Transactions the conversions took: with group commit, far fewer than conversions.
        package var conversionTransactions: Int
        /// Impressions and conversions together, recorded at once, per second until all committed.
        package var mixedEventsPerSecond: Double
    }

    /// Runs on a new database at `path` (which must not exist yet, so no real data is touched).
    package static func run(
        path: String, decisions: Int, conversions: Int, concurrency: Int
    ) async throws(StoreError) -> Figures {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw .file(operation: "benchmark into", path: path, message: "file exists; give a new path")
        }
        let store = try EventStore(path: path)
        let now = Date()
        let features = ["device": "mobile", "country": "IT", "hour": "18", "weekday": "5", "source": "qr"]
        func decision(_ index: Int) -> DecisionRecord {
            DecisionRecord(
                id: "bench-\(index)", site: "bench", variant: "v\(index % 4)", propensity: 0.25,
                features: features, pinned: false, learn: true, at: now)
        }

        // 1. Impressions: the caller's cost and the rate to durable storage.
        let prepared = (0..<decisions).map(decision)
        let start = DispatchTime.now()
        let cpuStart = threadCPUNanoseconds()
        for record in prepared { store.recordDecision(record) }
        let cpuNanos = Double(threadCPUNanoseconds() - cpuStart)
        let recorded = DispatchTime.now()
        try await store.flush()
        let flushed = DispatchTime.now()
        let recordNanos = Double(recorded.uptimeNanoseconds - start.uptimeNanoseconds)
        let totalSeconds = Double(flushed.uptimeNanoseconds - start.uptimeNanoseconds) / 1e9

        // 2. Conversions from `concurrency` callers, each waiting for its commit before the next.
        let perCaller = max(1, conversions / max(1, concurrency))
        let callers = max(1, concurrency)
        let transactionsBefore = store.committedTransactions
        let conversionStart = DispatchTime.now()
        let failures = await withTaskGroup(of: Int.self) { group in
            for caller in 0..<callers {
                group.addTask {
                    var failed = 0
                    for step in 0..<perCaller {
                        let id = "bench-\((caller * perCaller + step) % max(1, decisions))"
                        let goal = "goal-\((caller * perCaller + step) / max(1, decisions))"
                        let result = try? await store.recordConversion(
                            ConversionRecord(decisionID: id, site: "bench", goal: goal, value: 1, at: now))
                        if case .recorded = result {} else { failed += 1 }
                    }
                    return failed
                }
            }
            return await group.reduce(0, +)
        }
        let conversionSeconds = Double(DispatchTime.now().uptimeNanoseconds - conversionStart.uptimeNanoseconds) / 1e9
        let conversionTransactions = store.committedTransactions - transactionsBefore
        if failures > 0 {
            throw .invalidRecord(field: "benchmark", reason: "\(failures) conversions were not recorded")
        }

        // 3. Mixed: new impressions keep arriving while conversions commit.
        let mixedDecisions = (0..<decisions).map { decision(decisions + $0) }
        let mixedStart = DispatchTime.now()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for record in mixedDecisions { store.recordDecision(record) }
            }
            for caller in 0..<callers {
                group.addTask {
                    for step in 0..<perCaller {
                        let id = "bench-\((caller * perCaller + step) % max(1, decisions))"
                        _ = try? await store.recordConversion(
                            ConversionRecord(decisionID: id, site: "bench", goal: "mixed", value: 1, at: now))
                    }
                }
            }
        }
        try await store.flush()
        let mixedSeconds = Double(DispatchTime.now().uptimeNanoseconds - mixedStart.uptimeNanoseconds) / 1e9
        try await store.close()

        return Figures(
            decisions: decisions,
            nanosecondsPerRecordDecision: recordNanos / Double(max(1, decisions)),
            cpuNanosecondsPerRecordDecision: cpuNanos / Double(max(1, decisions)),
            decisionsPerSecond: Double(decisions) / totalSeconds,
            conversions: perCaller * callers, concurrency: callers,
            conversionsPerSecond: Double(perCaller * callers) / conversionSeconds,
            conversionTransactions: conversionTransactions,
            mixedEventsPerSecond: Double(decisions + perCaller * callers) / mixedSeconds)
    }

    /// CPU time of the current thread; the record loop never suspends, so it stays on one thread.
    private static func threadCPUNanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}

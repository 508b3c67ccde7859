import Foundation

/// A connection for queries, with its statements prepared once. In WAL mode it reads the last
/// committed state without blocking the writer, which is also what lets `sitegen stats` run beside a
/// live server.
package final class ReadConnection {
    let db: Database
    private var cache: [String: Statement] = [:]

    init(db: Database) {
        self.db = db
    }

    /// Opens an existing sitegen database for reading only: never creates, never migrates.
    package static func openExisting(path: String) throws(StoreError) -> ReadConnection {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw .file(operation: "open the event database", path: path, message: "no such file")
        }
        guard !isFolder.boolValue else {
            throw .file(operation: "open the event database", path: path, message: "it is a folder, not a file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .file(operation: "open the event database", path: path, message: "permission denied")
        }
        let db = try Database(path: path, mode: .readOnly)
        try db.execute("PRAGMA busy_timeout = 5000", for: "set busy timeout")
        do {
            try Schema.verifyReadable(db)
        } catch {
            // Reading a WAL database creates `<db>-shm` beside it; in a folder we may not write to,
            // SQLite fails as if the file were not a database at all. Say what really happened.
            let folder = (path as NSString).deletingLastPathComponent
            if access(folder.isEmpty ? "." : folder, W_OK) != 0 {
                throw .file(
                    operation: "read the event database", path: path,
                    message:
                        "its folder is read-only, and SQLite must create \((path as NSString).lastPathComponent)-shm "
                        + "beside a WAL database to read it: copy the file to a folder you can write to")
            }
            throw error
        }
        return ReadConnection(db: db)
    }

    /// Finalizes the cached statements, then closes: later queries fail with `.closed`.
    package func close() {
        cache = [:]
        db.close()
    }

    func statement(_ sql: String, for operation: String) throws(StoreError) -> Statement {
        guard db.handle != nil else { throw .closed }
        if let cached = cache[sql] {
            cached.reset()
            return cached
        }
        let statement = try db.prepare(sql, for: operation)
        cache[sql] = statement
        return statement
    }

    func decision(id: String) throws(StoreError) -> DecisionRecord? {
        let statement = try statement(StoreSQL.selectDecision, for: "find decision")
        defer { statement.reset() }
        try statement.bind(1, id)
        guard try statement.step() else { return nil }
        return try statement.decision()
    }

    package func latestSnapshot(site: String) throws(StoreError) -> Snapshot? {
        let statement = try statement(StoreSQL.latestSnapshot, for: "read latest snapshot")
        defer { statement.reset() }
        try statement.bind(1, site)
        guard try statement.step() else { return nil }
        return Snapshot(
            site: statement.string(0), state: statement.blob(1), lastDecisionSeq: statement.int64(2),
            lastConversionSeq: statement.int64(3), at: Date(storeMilliseconds: statement.int64(4)))
    }

    func metaValue(_ key: String) throws(StoreError) -> [UInt8]? {
        let statement = try statement(StoreSQL.selectMeta, for: "read setting")
        defer { statement.reset() }
        try statement.bind(1, key)
        guard try statement.step() else { return nil }
        return statement.blob(0)
    }

    /// Pages in use times the page size: what the data takes, free pages not counted.
    func usedBytes() throws(StoreError) -> Int64 {
        let pages = try db.integer("PRAGMA page_count", for: "read page count") ?? 0
        let free = try db.integer("PRAGMA freelist_count", for: "read free pages") ?? 0
        let size = try db.integer("PRAGMA page_size", for: "read page size") ?? 0
        return (pages - free) * size
    }

    func oldestDecisionMilliseconds() throws(StoreError) -> Int64? {
        let statement = try statement("SELECT at FROM decisions ORDER BY seq LIMIT 1", for: "read oldest decision")
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return statement.int64(0)
    }

    /// The schema version, for readers that must not query tables an older file lacks.
    func schemaVersion() throws(StoreError) -> Int32 {
        Int32(truncatingIfNeeded: try db.integer("PRAGMA user_version", for: "read schema version") ?? 0)
    }

    /// Every site's layout the server recorded, by site id.
    func siteLayouts() throws(StoreError) -> [String: SiteLayout] {
        let statement = try statement(
            "SELECT key, value FROM meta WHERE key >= 'site:' AND key < 'site;'", for: "read site layouts")
        defer { statement.reset() }
        var layouts: [String: SiteLayout] = [:]
        while try statement.step() {
            let key = statement.string(0)
            if let layout = SiteLayout.decode(statement.blob(1)) {
                layouts[String(key.dropFirst(SiteLayout.keyPrefix.count))] = layout
            }
        }
        return layouts
    }

    /// Per site and variant, sorted by site then variant. One read transaction, so impressions and
    /// conversions come from the same committed state.
    func stats() throws(StoreError) -> [SiteStats] {
        try db.transaction("read stats", immediate: false) { () throws(StoreError) in
            var bySiteVariant: [String: [String: SiteStats]] = [:]
            let impressions = try statement(StoreSQL.impressionCounts, for: "count impressions")
            defer { impressions.reset() }
            while try impressions.step() {
                let site = impressions.string(0)
                let variant = impressions.string(1)
                bySiteVariant[site, default: [:]][variant] = SiteStats(
                    site: site, variant: variant, impressions: Int(impressions.int64(2)),
                    learnableImpressions: Int(impressions.double(3)), conversions: 0, convertedImpressions: 0,
                    reward: 0, conversionEvents: 0, learnableReward: 0, botImpressions: Int(impressions.double(5)),
                    pinnedImpressions: Int(impressions.double(4)))
            }
            let conversions = try statement(StoreSQL.conversionCounts, for: "count conversions")
            defer { conversions.reset() }
            while try conversions.step() {
                let site = conversions.string(0)
                let variant = conversions.string(1)
                var entry =
                    bySiteVariant[site]?[variant]
                    ?? SiteStats(
                        site: site, variant: variant, impressions: 0, learnableImpressions: 0,
                        conversions: 0, convertedImpressions: 0, reward: 0, conversionEvents: 0, learnableReward: 0)
                entry.conversionEvents = Int(conversions.int64(2))
                entry.reward = conversions.double(3)
                entry.convertedImpressions = Int(conversions.int64(4))
                entry.conversions = Int(conversions.int64(5))
                entry.learnableReward = conversions.double(6)
                bySiteVariant[site, default: [:]][variant] = entry
            }
            if try schemaVersion() >= Schema.dailyTotalsVersion {
                let folded = try statement(StoreSQL.foldedCounts, for: "count folded events")
                defer { folded.reset() }
                while try folded.step() {
                    let site = folded.string(0)
                    let variant = folded.string(1)
                    var entry =
                        bySiteVariant[site]?[variant]
                        ?? SiteStats(
                            site: site, variant: variant, impressions: 0, learnableImpressions: 0,
                            conversions: 0, convertedImpressions: 0, reward: 0, conversionEvents: 0, learnableReward: 0)
                    entry.impressions += Int(folded.double(2))
                    entry.learnableImpressions += Int(folded.double(3))
                    entry.pinnedImpressions += Int(folded.double(4))
                    entry.botImpressions += Int(folded.double(5))
                    entry.conversionEvents += Int(folded.double(6))
                    entry.reward += folded.double(7)
                    entry.convertedImpressions += Int(folded.double(8))
                    entry.conversions += Int(folded.double(9))
                    entry.learnableReward += folded.double(10)
                    bySiteVariant[site, default: [:]][variant] = entry
                }
            }
            return bySiteVariant.keys.sorted().flatMap { site in
                (bySiteVariant[site] ?? [:]).keys.sorted().compactMap { bySiteVariant[site]?[$0] }
            }
        }
    }
}

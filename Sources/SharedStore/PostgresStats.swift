import Logging
import PostgresNIO
import Runtime

/// `sitegen stats` over every node's events in the shared store: the same definitions as the
/// local store's (`ReadConnection.stats`, `SiteStats`), read in one snapshot so impressions and
/// conversions agree.
enum PostgresStats {
    static func read(_ connection: PostgresConnection, logger: Logger) async throws -> [SiteStats] {
        try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
        do {
            let rows = try await readInTransaction(connection, logger: logger)
            try await connection.query("COMMIT", logger: logger)
            return rows
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    private static func readInTransaction(_ connection: PostgresConnection, logger: Logger) async throws
        -> [SiteStats]
    {
        var bySiteVariant: [String: [String: SiteStats]] = [:]
        let impressions = try await connection.query(
            """
            SELECT site, variant, count(*), count(*) FILTER (WHERE learn), count(*) FILTER (WHERE pinned),
                   count(*) FILTER (WHERE NOT learn AND NOT pinned)
            FROM decisions GROUP BY site, variant
            """, logger: logger)
        for try await (site, variant, all, learnable, pinned, bots) in impressions.decode(
            (String, String, Int64, Int64, Int64, Int64).self)
        {
            bySiteVariant[site, default: [:]][variant] = SiteStats(
                site: site, variant: variant, impressions: Int(all), learnableImpressions: Int(learnable),
                conversions: 0, convertedImpressions: 0, reward: 0, conversionEvents: 0, learnableReward: 0,
                botImpressions: Int(bots), pinnedImpressions: Int(pinned))
        }
        let conversions = try await connection.query(
            """
            SELECT d.site, d.variant, count(*), coalesce(sum(c.value), 0), count(DISTINCT c.decision_id),
                   count(DISTINCT c.decision_id) FILTER (WHERE d.learn),
                   coalesce(sum(c.value) FILTER (WHERE d.learn), 0)
            FROM conversions c JOIN decisions d ON d.id = c.decision_id GROUP BY d.site, d.variant
            """, logger: logger)
        for try await (site, variant, events, reward, converted, learnableConverted, learnableReward)
            in conversions.decode((String, String, Int64, Double, Int64, Int64, Double).self)
        {
            var entry =
                bySiteVariant[site]?[variant]
                ?? SiteStats(
                    site: site, variant: variant, impressions: 0, learnableImpressions: 0, conversions: 0,
                    convertedImpressions: 0, reward: 0, conversionEvents: 0, learnableReward: 0)
            entry.conversionEvents = Int(events)
            entry.reward = reward
            entry.convertedImpressions = Int(converted)
            entry.conversions = Int(learnableConverted)
            entry.learnableReward = learnableReward
            bySiteVariant[site, default: [:]][variant] = entry
        }
        return bySiteVariant.keys.sorted().flatMap { site in
            (bySiteVariant[site] ?? [:]).keys.sorted().compactMap { bySiteVariant[site]?[$0] }
        }
    }
}

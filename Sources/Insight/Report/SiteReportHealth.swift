import Foundation

/// Is the data trustworthy: split, bots, pinned traffic, losses, freshness.
package struct SiteReportHealth: Codable, Sendable, Equatable {
    /// All impressions, bots and pinned included.
    package var totalImpressions: Int
    package var botImpressions: Int
    package var pinnedImpressions: Int
    /// botImpressions / totalImpressions.
    package var botShare: Double?
    /// pinnedImpressions / totalImpressions.
    package var pinnedShare: Double?
    /// Events the server could not record (queue full, write error).
    package var droppedEvents: Int
    package var lastEventAt: Date?
    /// Set by `SiteReport.init` from `generatedAt − lastEventAt`.
    package var secondsSinceLastEvent: Double?
    /// Copied by `SiteReport.init` from `SiteReport.srm`.
    package var srmPValue: Double?
    package var srmFlagged: Bool?

    package init(
        totalImpressions: Int,
        botImpressions: Int,
        pinnedImpressions: Int,
        droppedEvents: Int,
        lastEventAt: Date?
    ) {
        self.totalImpressions = totalImpressions
        self.botImpressions = botImpressions
        self.pinnedImpressions = pinnedImpressions
        self.botShare = totalImpressions > 0 ? Double(botImpressions) / Double(totalImpressions) : nil
        self.pinnedShare = totalImpressions > 0 ? Double(pinnedImpressions) / Double(totalImpressions) : nil
        self.droppedEvents = droppedEvents
        self.lastEventAt = lastEventAt
    }
}

import DistFormat
import Foundation
import Insight

/// Why a report could not be made, each a one-line message.
package enum ReportError: Error, Equatable, CustomStringConvertible {
    case store(StoreError)
    /// `--from` is not before `--to`.
    case emptyRange(from: Date, to: Date)
    case unknownSite(String, known: [String])
    /// No site has recorded anything.
    case noSites(database: String)

    package var description: String {
        switch self {
        case .store(let error): "\(error)"
        case .emptyRange(let from, let to):
            "--from \(ReportDates.format(from)) is not before --to \(ReportDates.format(to)): the range is empty"
        case .unknownSite(let site, let known):
            "no site '\(site)' in the database\(didYouMean(site, in: known))"
                + (known.isEmpty ? "" : "; sites: \(known.joined(separator: ", "))")
        case .noSites(let database):
            "\(database) holds no decisions yet: nothing to report (serve the site, or `sitegen simulate --into-db`)"
        }
    }
}

/// Reports from one database, read-only: never creates, never migrates, safe beside a server
/// writing to it (WAL readers see the last commit).
package struct ReportService {
    package let connection: ReadConnection
    package let path: String

    package init(connection: ReadConnection, path: String) {
        self.connection = connection
        self.path = path
    }

    package static func open(path: String) throws(ReportError) -> ReportService {
        do {
            return ReportService(connection: try ReadConnection.openExisting(path: path), path: path)
        } catch {
            throw .store(error)
        }
    }

    package func sites() throws(ReportError) -> [String] {
        do { return try connection.reportSites() } catch { throw .store(error) }
    }

    /// One site's report; `to` is exclusive.
    package func report(site: String, from: Date?, to: Date?, now: Date = Date()) throws(ReportError) -> SiteReport {
        if let from, let to, from >= to { throw .emptyRange(from: from, to: to) }
        let recorded: Bool
        do { recorded = try connection.hasSite(site) } catch { throw .store(error) }
        guard recorded else { throw .unknownSite(site, known: try sites()) }
        let scan: ReportScan
        do {
            scan = try connection.reportScan(site: site, from: from, to: to)
        } catch {
            throw .store(error)
        }
        return SiteReportBuilder.build(scan, generatedAt: now)
    }

    package func close() { connection.close() }
}

/// Dates on the command line and in messages: `2026-11-03` (midnight UTC) or full ISO 8601.
package enum ReportDates {
    package static func parse(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }

    package static func format(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}

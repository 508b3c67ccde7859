import Foundation
import Insight
import Runtime

/// `sitegen report`: one file per site in a folder, as HTML, JSON or CSV.
package enum ReportFiles {
    package enum Format: String, CaseIterable, Sendable {
        case html, json, csv
    }

    package struct Options: Sendable {
        package var database: String
        package var site: String?
        package var from: Date?
        package var to: Date?
        package var out: String
        package var format: Format
        package var now: Date

        package init(
            database: String, site: String?, from: Date?, to: Date?, out: String, format: Format, now: Date = Date()
        ) {
            self.database = database
            self.site = site
            self.from = from
            self.to = to
            self.out = out
            self.format = format
            self.now = now
        }
    }

    /// Writes the reports and returns one line per file written (what the command prints).
    package static func write(_ options: Options) throws -> [String] {
        if let from = options.from, let to = options.to, from >= to {
            throw ReportError.emptyRange(from: from, to: to)
        }
        let service = try ReportService.open(path: options.database)
        defer { service.close() }
        let sites: [String]
        if let site = options.site {
            sites = [site]
        } else {
            sites = try service.sites()
            if sites.isEmpty { throw ReportError.noSites(database: options.database) }
        }
        let folder = URL(fileURLWithPath: options.out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var lines: [String] = []
        for site in sites {
            let report = try service.report(site: site, from: options.from, to: options.to, now: options.now)
            let body: String
            switch options.format {
            case .html: body = SiteReportHTML.render(report)
            case .json: body = try SiteReportJSON.render(report)
            case .csv: body = SiteReportCSV.render(report)
            }
            let file = folder.appendingPathComponent("\(site).\(options.format.rawValue)")
            try Data(body.utf8).write(to: file, options: .atomic)
            lines.append(
                "\(file.path): \(report.verdict.headline) (\(report.totalImpressions) impressions, "
                    + "\(report.totalConversions) conversions)")
        }
        return lines
    }
}

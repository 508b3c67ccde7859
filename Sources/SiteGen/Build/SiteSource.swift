import Crypto
import DistFormat
import Foundation
import Templates

/// Everything one site's build reads, loaded once: its config and the bytes of its own and its
/// template's files. Pages are parsed only when the site is actually rebuilt, so that an
/// unchanged site costs no more than reading and hashing its files.
struct SiteSource: Sendable {
    var config: SiteConfig
    var siteFiles: [SourceFile]
    var templateFiles: [SourceFile]
    /// Display path of the template folder, e.g. `templates/bistro`.
    var templateFolder: String
    /// SHA-256 over every input byte and the tool version: equal hashes, equal output.
    var inputHash: String
    /// What `stat` said of the same files just before they were read (see `InputStamp`).
    var inputStamp: String?
    var templateFolderURL: URL

    static func load(
        id: String, siteFolder: URL, templatesFolder: URL, display: (URL) -> String, now: Date = Date()
    ) throws(BuildFailure) -> SiteSource {
        let (source, problems) = try load(
            id: id, siteFolder: siteFolder, templatesFolder: templatesFolder, display: display, keepGoing: false,
            now: now)
        guard problems.isEmpty else { throw BuildFailure(problems) }
        return source
    }

    /// With `keepGoing`, problems in site.yml that still leave a usable config are returned
    /// beside the source instead of thrown, so `check` can report what the later stages find.
    static func load(
        id: String, siteFolder: URL, templatesFolder: URL, display: (URL) -> String, keepGoing: Bool,
        now: Date = Date()
    ) throws(BuildFailure) -> (SiteSource, [Diagnostic]) {
        let siteDisplay = display(siteFolder)
        // Taken before reading: a file changed in between makes the next stamp differ.
        var stamp = InputStamp(now: now)
        stamp.add(folder: siteFolder)
        let siteFiles = try SourceTree.read(siteFolder, display: siteDisplay)
        guard let configFile = siteFiles.first(where: { $0.path == "site.yml" }) else {
            throw BuildFailure(Diagnostic(file: siteDisplay + "/site.yml", "missing site.yml"))
        }
        let (parsed, problems) = try SiteConfigParser.parseCollecting(
            siteID: id, file: configFile.displayPath, text: configFile.text)
        guard let config = parsed, keepGoing || problems.isEmpty else { throw BuildFailure(problems) }

        let templateFolder = templatesFolder.appendingPathComponent(config.template)
        var isDirectory: ObjCBool = false
        guard
            FileManager.default.fileExists(atPath: templateFolder.path, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw BuildFailure(
                Diagnostic(
                    at: config.location("template"),
                    "unknown template '\(config.template)': no folder \(display(templateFolder))"))
        }
        let templateDisplay = display(templateFolder)
        stamp.add(folder: templateFolder)
        let templateFiles = try SourceTree.read(templateFolder, display: templateDisplay)

        var hasher = SHA256()
        hasher.update(data: Array(SiteGenVersion.fingerprint.utf8))
        for (label, files) in [("site", siteFiles), ("template", templateFiles)] {
            hasher.update(data: Array(label.utf8))
            for file in files {
                hasher.update(data: Array("\u{0}\(file.path)\u{0}\(file.bytes.count)\u{0}".utf8))
                hasher.update(data: file.bytes)
            }
        }
        let source = SiteSource(
            config: config, siteFiles: siteFiles, templateFiles: templateFiles,
            templateFolder: templateDisplay, inputHash: hasher.finalize().hex, inputStamp: stamp.value,
            templateFolderURL: templateFolder)
        return (source, problems)
    }
}

package enum SiteGenVersion {
    package static let current = "sitegen 0.1.0"

    /// Part of every input hash: the version plus the identity (size and modification time) of
    /// the running executable, so that a rebuilt sitegen renders everything once instead of
    /// trusting output an older engine wrote. A `stat`, not a hash: no-op rebuilds stay cheap.
    static let fingerprint: String = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return current }
        return "\(current) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }()
}

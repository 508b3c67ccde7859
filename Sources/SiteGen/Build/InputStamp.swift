import Crypto
import Foundation

/// What `stat` says about one site's inputs (its folder and its template folder): every file's
/// path, size, inode, modification and change time, and the running sitegen's identity, hashed.
/// An equal stamp means no input was touched since the build that recorded it, so a no-op
/// rebuild stops after walking the folders instead of reading and hashing every byte.
///
/// The change time catches a copy that restores an old modification time (`cp -p`, `rsync -t`).
/// A file written within the clock tick the stamp is taken in could be written again without
/// its times changing, so, as git does with "racily clean" files, no stamp is issued while any
/// file is younger than `settle`: the next build then reads the files.
struct InputStamp {
    static let settle: TimeInterval = 2

    private var hasher = SHA256()
    /// Files changed in this second or later are too recent to trust.
    private let recentSecond: Int
    private(set) var trusted = true

    /// `now`: when the build started.
    init(now: Date = Date()) {
        recentSecond = Int((now.timeIntervalSince1970 - Self.settle).rounded(.down))
        hasher.update(data: Array(SiteGenVersion.fingerprint.utf8))
    }

    /// Adds one folder; an unreadable folder or a too recent file makes the stamp untrusted.
    mutating func add(folder: URL) {
        guard trusted, let files = SourceTree.listing(folder) else {
            trusted = false
            return
        }
        hasher.update(data: Array("\u{0}folder\u{0}\(folder.standardizedFileURL.path)\u{0}".utf8))
        for file in files {
            if isRecent(file.modified) || isRecent(file.changed) {
                trusted = false
                return
            }
            let line =
                "\(file.path)\u{0}\(file.size) \(file.inode) \(file.modified.tv_sec).\(file.modified.tv_nsec) "
                + "\(file.changed.tv_sec).\(file.changed.tv_nsec)\n"
            hasher.update(data: Array(line.utf8))
        }
    }

    /// The hex digest, or nil when the stamp cannot be trusted.
    var value: String? { trusted ? hasher.finalize().hex : nil }

    private func isRecent(_ time: timespec) -> Bool { time.tv_sec >= recentSecond }

    /// The stamp of a site whose template folder is known, as the no-op check computes it.
    static func of(siteFolder: URL, templateFolder: URL, now: Date) -> String? {
        var stamp = InputStamp(now: now)
        stamp.add(folder: siteFolder)
        stamp.add(folder: templateFolder)
        return stamp.value
    }
}

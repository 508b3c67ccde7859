import Foundation
import Runtime

/// Notices edits under `sites/` and `templates/` by comparing every file's modification time
/// and size between polls (Linux has no FSEvents; polling ~100 files every 100 ms costs little
/// and survives editors that save by renaming).
struct SourceWatcher: Sendable {
    struct Stamp: Equatable, Sendable {
        var modified: timespec
        var size: Int64

        static func == (a: Stamp, b: Stamp) -> Bool {
            a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec && a.size == b.size
        }
    }

    /// What changed since the previous poll.
    struct Change: Equatable, Sendable {
        /// Site folders with an added, edited or removed file.
        var sites: Set<String> = []
        /// A template file changed: any site may use it.
        var templates = false

        var isEmpty: Bool { sites.isEmpty && !templates }
    }

    let sites: URL
    let templates: URL
    private var stamps: [String: Stamp]

    init(sites: URL, templates: URL) {
        self.sites = sites
        self.templates = templates
        self.stamps = [:]
        self.stamps = scan()
    }

    mutating func poll() -> Change {
        let now = scan()
        guard now != stamps else { return Change() }
        var change = Change()
        let sitesPrefix = sites.path + "/"
        for path in Set(now.keys).union(stamps.keys) where now[path] != stamps[path] {
            if path.hasPrefix(sitesPrefix) {
                let relative = path.dropFirst(sitesPrefix.count)
                if let site = relative.split(separator: "/").first { change.sites.insert(String(site)) }
            } else {
                change.templates = true
            }
        }
        stamps = now
        return change
    }

    private func scan() -> [String: Stamp] {
        var result: [String: Stamp] = [:]
        for root in [sites, templates] { Self.walk(root.path, into: &result) }
        return result
    }

    /// Plain readdir/stat: no URL objects per file, so a poll of the example sites stays well under
    /// a millisecond. Hidden files (editor swap files) are skipped.
    private static func walk(_ folder: String, into result: inout [String: Stamp]) {
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") || name.hasSuffix("~") { continue }
            let path = folder + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                walk(path, into: &result)
            } else {
                result[path] = Stamp(modified: info.st_mtim, size: Int64(info.st_size))
            }
        }
    }
}

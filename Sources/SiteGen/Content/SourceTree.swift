import Foundation
import Templates

#if canImport(Glibc)
    import Glibc
#endif

/// A file read from a site or template folder.
struct SourceFile: Sendable {
    /// Path below the folder, with `/` separators: `menu.md`, `assets/css/site.css`.
    var path: String
    /// Path as errors show it: `sites/luna/menu.md`.
    var displayPath: String
    var bytes: [UInt8]

    var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// A source file as `stat` sees it: enough to tell that it was not touched since a build.
struct FileIdentity: Sendable {
    var path: String
    var size: Int
    var inode: UInt
    var modified: timespec
    var changed: timespec

    init(path: String, info: stat) {
        self.path = path
        size = Int(info.st_size)
        inode = UInt(info.st_ino)
        modified = info.st_mtim
        changed = info.st_ctim
    }
}

/// Reads every file below a folder, refusing anything that leads outside it.
///
/// A plain `readdir` walk: Foundation's enumerator spent most of a walk's time normalising URL
/// paths.
enum SourceTree {
    static func read(_ root: URL, display: String) throws(BuildFailure) -> [SourceFile] {
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        var walk = Walk(rootPath: rootPath, display: display)
        walk.visit(folder: rootPath, relative: "")
        if !walk.problems.isEmpty { throw BuildFailure(walk.problems) }
        let files = parallelMap(walk.found) { found -> Result<SourceFile, BuildFailure> in
            guard let bytes = readFile(found.absolute) else {
                return .failure(BuildFailure(Diagnostic(file: display + "/" + found.relative, "cannot read file")))
            }
            return .success(SourceFile(path: found.relative, displayPath: display + "/" + found.relative, bytes: bytes))
        }
        var result: [SourceFile] = []
        var problems: [Diagnostic] = []
        for file in files {
            switch file {
            case .success(let file): result.append(file)
            case .failure(let failure): problems += failure.diagnostics
            }
        }
        if !problems.isEmpty { throw BuildFailure(problems) }
        return result.sorted { $0.path < $1.path }
    }

    /// What `stat` says of every file below `root`, for `InputStamp`; nil when the walk finds a
    /// problem (the build that follows reports it).
    static func listing(_ root: URL) -> [FileIdentity]? {
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        var walk = Walk(rootPath: rootPath, display: rootPath)
        walk.visit(folder: rootPath, relative: "")
        guard walk.problems.isEmpty else { return nil }
        return walk.found.map(\.identity)
    }

    private struct Found: Sendable {
        var absolute: String
        var relative: String
        var identity: FileIdentity

        init(absolute: String, relative: String, info: stat) {
            self.absolute = absolute
            self.relative = relative
            identity = FileIdentity(path: relative, info: info)
        }
    }

    private struct Walk {
        let rootPath: String
        let display: String
        var found: [Found] = []
        var problems: [Diagnostic] = []

        mutating func visit(folder: String, relative: String) {
            guard let directory = opendir(folder) else {
                problems.append(
                    Diagnostic(file: display + (relative.isEmpty ? "" : "/" + relative), "cannot read folder"))
                return
            }
            defer { closedir(directory) }
            var names: [String] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                // Hidden files and editor backups are not content.
                if name.hasPrefix(".") || name.hasSuffix("~") { continue }
                names.append(name)
            }
            for name in names.sorted() {
                let absolute = folder + "/" + name
                let path = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(absolute, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    visit(folder: absolute, relative: path)
                case S_IFREG:
                    found.append(Found(absolute: absolute, relative: path, info: info))
                case S_IFLNK:
                    let target = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
                    guard target == rootPath || target.hasPrefix(rootPath + "/") else {
                        problems.append(
                            Diagnostic(file: display + "/" + path, "symbolic link points outside \(display): \(target)")
                        )
                        continue
                    }
                    // A link to a file inside the tree is read; linked folders are read where
                    // they really are, which also rules out cycles.
                    var targetInfo = stat()
                    if stat(target, &targetInfo) == 0, targetInfo.st_mode & S_IFMT == S_IFREG {
                        found.append(Found(absolute: target, relative: path, info: targetInfo))
                    }
                default:
                    continue
                }
            }
        }
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        return filled == bytes.count ? bytes : Array(bytes.prefix(filled))
    }
}

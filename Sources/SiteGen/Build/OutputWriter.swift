import Crypto
import DistFormat
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Writes output files below one root and describes them for the manifest: content type, size,
/// SHA-256, and a gzip copy beside every text file.
///
/// Files are written with plain `open`/`write`: the whole output is staged and swapped in by one
/// rename, so per-file atomic writes (Foundation's fsync + rename for each file) would only
/// multiply system calls — they made a 10,000-page build spend most of its time in the kernel.
final class OutputWriter: Sendable {
    let root: URL
    private let createdFolders = Mutex<Set<String>>([])

    init(root: URL) {
        self.root = root
    }

    /// - Parameters:
    ///   - file: path below the output root, e.g. `luna/patio/menu/index.html`.
    ///   - urlPath: path below the site's URL prefix, e.g. `menu/index.html`.
    func write(_ bytes: [UInt8], file: String, urlPath: String) throws(BuildFailure) -> FileEntry {
        let contentType = ContentType.forPath(file)
        let target = root.appendingPathComponent(file).path
        try createParent(of: target, file: file)
        try save(bytes, to: target, file: file)
        var entry = FileEntry(
            path: urlPath, file: file, contentType: contentType, size: bytes.count,
            sha256: SHA256.hash(data: bytes).hex)
        if ContentType.isCompressible(contentType) {
            let compressed: [UInt8]
            do {
                compressed = try gzip(bytes, level: 6)
            } catch {
                throw BuildFailure(Diagnostic(file: file, "\(error)"))
            }
            try save(compressed, to: target + ".gz", file: file + ".gz")
            entry.gzipFile = file + ".gz"
            entry.gzipSize = compressed.count
        }
        return entry
    }

    private func createParent(of target: String, file: String) throws(BuildFailure) {
        let folder = (target as NSString).deletingLastPathComponent
        if createdFolders.withLock({ $0.contains(folder) }) { return }
        // Most parents are one new folder below an existing one (a page's own folder): one
        // mkdir, where Foundation would stat every component of the path first.
        if mkdir(folder, 0o755) == 0 || errno == EEXIST {
            _ = createdFolders.withLock { $0.insert(folder) }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw BuildFailure(Diagnostic(file: file, "cannot create folder: \(error.localizedDescription)"))
        }
        _ = createdFolders.withLock { $0.insert(folder) }
    }

    private func save(_ bytes: [UInt8], to path: String, file: String) throws(BuildFailure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw BuildFailure(Diagnostic(file: file, "cannot write \(path): \(String(cString: strerror(errno)))"))
        }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw BuildFailure(Diagnostic(file: file, "cannot write \(path): \(String(cString: strerror(errno)))"))
            }
            written += result
        }
    }
}

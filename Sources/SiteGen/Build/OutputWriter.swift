import Foundation

/// Writes output files below one root and describes them for the manifest: content type, size,
/// SHA-256, and a gzip copy beside every text file.
struct OutputWriter: Sendable {
    let root: URL

    /// - Parameters:
    ///   - file: path below the output root, e.g. `luna/patio/menu/index.html`.
    ///   - urlPath: path below the site's URL prefix, e.g. `menu/index.html`.
    func write(_ bytes: [UInt8], file: String, urlPath: String) throws(BuildFailure) -> FileEntry {
        let contentType = ContentType.forPath(file)
        let target = root.appendingPathComponent(file)
        try createParent(of: target, file: file)
        try save(bytes, to: target, file: file)
        var entry = FileEntry(
            path: urlPath, file: file, contentType: contentType, size: bytes.count,
            sha256: SHA256.hash(bytes).hex)
        if ContentType.isCompressible(contentType) {
            let compressed: [UInt8]
            do {
                compressed = try gzip(bytes, level: 6)
            } catch {
                throw BuildFailure(Diagnostic(file: file, "\(error)"))
            }
            try save(compressed, to: target.appendingPathExtension("gz"), file: file + ".gz")
            entry.gzipFile = file + ".gz"
            entry.gzipSize = compressed.count
        }
        return entry
    }

    private func createParent(of target: URL, file: String) throws(BuildFailure) {
        do {
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw BuildFailure(Diagnostic(file: file, "cannot create folder: \(error.localizedDescription)"))
        }
    }

    private func save(_ bytes: [UInt8], to url: URL, file: String) throws(BuildFailure) {
        guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes)) else {
            throw BuildFailure(Diagnostic(file: file, "cannot write \(url.path)"))
        }
    }
}

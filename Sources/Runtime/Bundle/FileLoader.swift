import Crypto
import DistFormat
import Foundation
import NIOCore

/// Reads the files a manifest lists into `ByteBuffer`s, refusing anything that escapes `dist/`
/// or does not match the size the build recorded.
struct FileLoader {
    let dist: URL
    /// The same file is often shared (assets are listed once per site); read it once.
    private var cache: [String: ByteBuffer] = [:]

    init(dist: URL) {
        self.dist = dist.standardizedFileURL
    }

    mutating func load(_ entry: FileEntry, cacheControl: String) throws -> ServedFile {
        let body = try read(entry.file, expectedSize: entry.size)
        var gzip: ByteBuffer?
        if let gzipFile = entry.gzipFile {
            let bytes = try read(gzipFile, expectedSize: entry.gzipSize)
            // A gzip copy that is not smaller only costs the client a decompression.
            if bytes.readableBytes < body.readableBytes { gzip = bytes }
        } else if ContentType.isCompressible(entry.contentType), body.readableBytes > 256 {
            // An older or hand-made dist without .gz copies: compress once here rather than
            // sending text uncompressed for the life of the process. Failure only means no copy.
            let raw = Array(body.readableBytesView)
            if let compressed = try? DistFormat.gzip(raw, level: 6), compressed.count < raw.count {
                gzip = ByteBuffer(bytes: compressed)
            }
        }
        guard entry.sha256.count >= 16, entry.sha256.utf8.allSatisfy({ $0.isHexDigit }) else {
            throw DeploymentError(file: entry.file, "manifest sha256 '\(entry.sha256)' is not hex")
        }
        return ServedFile(
            path: entry.path, contentType: entry.contentType, body: body, gzipBody: gzip,
            sha256: entry.sha256, cacheControl: cacheControl)
    }

    /// QR images are listed by file only; their validator is derived from the bytes.
    mutating func loadUnlisted(file: String, path: String, contentType: String, cacheControl: String) throws
        -> ServedFile
    {
        let body = try read(file, expectedSize: nil)
        let digest =
            body.readableBytesView.withContiguousStorageIfAvailable { Array($0) } ?? Array(body.readableBytesView)
        return ServedFile(
            path: path, contentType: contentType, body: body, gzipBody: nil,
            sha256: SHA256.hash(data: digest).hex, cacheControl: cacheControl)
    }

    private mutating func read(_ relative: String, expectedSize: Int?) throws -> ByteBuffer {
        if let cached = cache[relative] { return cached }
        guard !relative.isEmpty, !relative.hasPrefix("/"),
            !relative.split(separator: "/", omittingEmptySubsequences: false).contains(where: {
                $0 == ".." || $0 == "." || $0.isEmpty
            })
        else {
            throw DeploymentError(file: relative, "file path escapes dist/")
        }
        let url = dist.appendingPathComponent(relative)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DeploymentError(file: url.path, "cannot read: \(error.localizedDescription)")
        }
        if let expectedSize, data.count != expectedSize {
            throw DeploymentError(file: url.path, "size \(data.count), manifest says \(expectedSize)")
        }
        let buffer = ByteBuffer(bytes: data)
        cache[relative] = buffer
        return buffer
    }
}

extension UInt8 {
    var isHexDigit: Bool {
        (self >= 0x30 && self <= 0x39) || (self >= 0x61 && self <= 0x66) || (self >= 0x41 && self <= 0x46)
    }
}

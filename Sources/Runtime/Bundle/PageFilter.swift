import NIOCore
import SiteGen

/// Rewrites a page's bytes once, at load time, for modes that serve something other than the
/// build's exact output (the preview server injects its reload script and preview bar). The
/// gzip copy is made again from the filtered bytes.
public struct PageFilter: Sendable {
    public let transform: @Sendable (_ site: String, _ variant: String, _ html: [UInt8]) -> [UInt8]

    public init(_ transform: @escaping @Sendable (_ site: String, _ variant: String, _ html: [UInt8]) -> [UInt8]) {
        self.transform = transform
    }

    func apply(site: String, variant: String, file: ServedFile) -> ServedFile {
        let bytes = transform(site, variant, Array(file.body.readableBytesView))
        let digest = SHA256.hash(bytes).hex
        // Compression can only fail when memory runs out; the page is then served uncompressed.
        let compressed = try? gzip(bytes, level: 6)
        return ServedFile(
            path: file.path, contentType: file.contentType, body: ByteBuffer(bytes: bytes),
            gzipBody: compressed.flatMap { $0.count < bytes.count ? ByteBuffer(bytes: $0) : nil },
            sha256: digest, cacheControl: CacheControlPolicy.page)
    }
}

import NIOCore
import SiteGen

/// Rewrites a page's bytes once, at load time, for modes that serve something other than the
/// build's exact output (the preview server injects its reload script and preview bar). The
/// filtered page has no gzip copy: the preview answers pages itself, uncompressed, on loopback,
/// and compressing every page again on each rebuild only delayed the reload.
public struct PageFilter: Sendable {
    public let transform: @Sendable (_ site: String, _ variant: String, _ html: [UInt8]) -> [UInt8]

    public init(_ transform: @escaping @Sendable (_ site: String, _ variant: String, _ html: [UInt8]) -> [UInt8]) {
        self.transform = transform
    }

    func apply(site: String, variant: String, file: ServedFile) -> ServedFile {
        let bytes = transform(site, variant, Array(file.body.readableBytesView))
        return ServedFile(
            path: file.path, contentType: file.contentType, body: ByteBuffer(bytes: bytes), gzipBody: nil,
            sha256: SHA256.hash(bytes).hex, cacheControl: CacheControlPolicy.page)
    }
}

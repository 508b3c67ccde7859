/// Cache lifetimes chosen per kind of file.
package enum CacheControlPolicy {
    /// Fingerprinted assets never change under the same URL.
    package static let immutable = "public, max-age=31536000, immutable"
    /// QR images keep their URL across rebuilds (they are printed), so their bytes may change
    /// under it (colours, scale): cacheable for a while, revalidated by ETag, never "immutable".
    package static let qr = "public, max-age=3600"
    /// Pages depend on the visitor's assignment: a browser may keep them and revalidate with the
    /// ETag, but no shared cache may hand one visitor's variant to another.
    package static let page = "private, no-cache"
    /// Redirect variants, errors and API answers are never stored.
    package static let noStore = "private, no-store"
}

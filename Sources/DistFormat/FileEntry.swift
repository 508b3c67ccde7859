import Foundation

/// One servable file.
public struct FileEntry: Codable, Sendable, Equatable {
    /// The path below the site's URL prefix, e.g. `menu/index.html` or
    /// `assets/css/site.3f2a1b9c.css`.
    public var path: String
    /// Where the bytes are, relative to `dist/`.
    public var file: String
    public var contentType: String
    public var size: Int
    /// Hex SHA-256 of the bytes; the runtime derives its ETag from it.
    public var sha256: String
    /// The gzip copy beside the file, when one was written.
    public var gzipFile: String?
    public var gzipSize: Int?

    public init(
        path: String, file: String, contentType: String, size: Int, sha256: String,
        gzipFile: String? = nil, gzipSize: Int? = nil
    ) {
        self.path = path
        self.file = file
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.gzipFile = gzipFile
        self.gzipSize = gzipSize
    }
}

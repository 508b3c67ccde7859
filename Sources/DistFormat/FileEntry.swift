import Foundation

/// One servable file.
package struct FileEntry: Codable, Sendable, Equatable {
    /// The path below the site's URL prefix, e.g. `menu/index.html` or
    /// `assets/css/site.3f2a1b9c.css`.
    package var path: String
    /// Where the bytes are, relative to `dist/`.
    package var file: String
    package var contentType: String
    package var size: Int
    /// Hex SHA-256 of the bytes; the runtime derives its ETag from it.
    package var sha256: String
    /// The gzip copy beside the file, when one was written.
    package var gzipFile: String?
    package var gzipSize: Int?

    package init(
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

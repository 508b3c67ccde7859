import Foundation

/// Which file a path names (device and inode), to notice the database being deleted or replaced
/// under an open connection: SQLite keeps writing to the file it opened, which then no longer
/// has a name, and everything written from then on is lost with the process.
struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64

    /// Nil when nothing is at the path (or it cannot be looked at).
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

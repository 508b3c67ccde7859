import Foundation
import Synchronization

/// One writing store per database file. A second `sitegen serve` on the same `--db` would learn
/// only its share of the traffic and overwrite the first one's snapshots, so the second open is
/// refused. `flock` on a file beside the database, never on the database itself: closing any
/// descriptor of the database would drop SQLite's own POSIX locks. The kernel releases the lock
/// when the process dies, so a `kill -9` leaves nothing to clean up but the empty file, which the
/// next start takes over; a clean close removes it.
final class StoreLock: Sendable {
    let path: String
    private let descriptor: Mutex<Int32?>

    init(database: String) throws(StoreError) {
        path = database + ".lock"
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw .file(operation: "create the lock file", path: path, message: String(cString: strerror(errno)))
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let reason = errno
                close(fd)
                if reason == EWOULDBLOCK { throw .inUse(path: database) }
                throw .file(operation: "lock", path: path, message: String(cString: strerror(reason)))
            }
            // A closing owner removes the file while it holds the lock; a lock taken on a file
            // that is no longer at `path` protects nothing, so take the new one instead.
            if Self.isStillAtPath(fd, path) {
                descriptor = Mutex(fd)
                return
            }
            close(fd)
        }
    }

    private static func isStillAtPath(_ fd: Int32, _ path: String) -> Bool {
        var opened = stat()
        var named = stat()
        guard fstat(fd, &opened) == 0, stat(path, &named) == 0 else { return false }
        return opened.st_ino == named.st_ino && opened.st_dev == named.st_dev
    }

    /// Removes the lock file, then unlocks: nothing is left beside the database after a clean exit.
    func release() {
        descriptor.withLock { fd in
            guard let held = fd else { return }
            unlink(path)
            close(held)
            fd = nil
        }
    }

    deinit { release() }
}

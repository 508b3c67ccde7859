import Foundation
import Synchronization

/// One writing store per database file. A second `sitegen serve` on the same `--db` would learn
/// only its share of the traffic and overwrite the first one's snapshots, so the second open is
/// refused. `flock` on a file beside the database, never on the database itself: closing any
/// descriptor of the database would drop SQLite's own POSIX locks. The kernel releases the lock
/// when the process dies, so a `kill -9` leaves nothing to clean up.
final class StoreLock: Sendable {
    let path: String
    private let descriptor: Mutex<Int32?>

    init(database: String) throws(StoreError) {
        path = database + ".lock"
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
        descriptor = Mutex(fd)
    }

    func release() {
        descriptor.withLock { fd in
            if let open = fd { close(open) }
            fd = nil
        }
    }

    deinit { release() }
}

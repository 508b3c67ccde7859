import Foundation
import Runtime

/// Wakes the watcher when the kernel reports a change under the watched folders (inotify), and
/// otherwise every `interval`, so polling still catches what inotify misses (network file
/// systems, folders created between two scans). The mtime scan stays the judge of what changed;
/// this only decides when to look.
final class ChangeSignal: @unchecked Sendable {
    // @unchecked: `descriptor` is written once in init and only read afterwards; `stopped` is
    // guarded by `lock`.
    private let descriptor: Int32
    private let folders: [String]
    private let interval: Duration
    private let lock = NSLock()
    private var stopped = false

    init(folders: [URL], interval: Duration) {
        self.folders = folders.map(\.path)
        self.interval = interval
        descriptor = inotify_init1(Int32(IN_CLOEXEC))
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Ticks whenever something may have changed. Runs its waiting on its own thread: blocking
    /// in `poll(2)` must not hold one of the few cooperative-pool threads.
    func wakeups() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let thread = Thread { [self] in
            watchEveryFolder()
            let milliseconds = Int32(
                interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000)
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            while !isStopped {
                if descriptor >= 0 {
                    var wait = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                    if poll(&wait, 1, max(1, milliseconds)) > 0 {
                        _ = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                        // New folders need their own watch; re-adding an existing one is a no-op.
                        watchEveryFolder()
                    }
                } else {
                    usleep(useconds_t(max(1, milliseconds)) * 1000)
                }
                continuation.yield()
            }
            continuation.finish()
        }
        thread.name = "sitegen-preview-watch"
        thread.start()
        continuation.onTermination = { [weak self] _ in self?.stop() }
        return stream
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func watchEveryFolder() {
        guard descriptor >= 0 else { return }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB)
        for root in folders { add(root, mask: mask) }
    }

    private func add(_ folder: String, mask: UInt32) {
        _ = inotify_add_watch(descriptor, folder, mask)
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            guard entry.pointee.d_type == DT_DIR else { continue }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            add(folder + "/" + name, mask: mask)
        }
    }
}

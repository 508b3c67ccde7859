import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Headless Chromium driven over the Chrome DevTools Protocol on a pipe
/// (`--remote-debugging-pipe`: commands in on fd 3, answers out on fd 4, each a NUL-terminated
/// JSON message). No WebSocket and no third-party driver: only what the test needs.
final class HeadlessChromium {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let pid: pid_t
    private let toBrowser: Int32
    private let fromBrowser: Int32
    private var pending: [UInt8] = []
    private var nextID = 0
    private var session: String?
    let profile: URL

    static func find() -> String? {
        let candidates = [
            ProcessInfo.processInfo.environment["CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser",
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    init(executable: String, width: Int = 1100, height: Int = 800) throws {
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-chromium-\(UUID().uuidString)")
        var commands: [Int32] = [0, 0]
        var answers: [Int32] = [0, 0]
        guard pipe(&commands) == 0, pipe(&answers) == 0 else {
            throw Failure(description: "pipe failed: errno \(errno)")
        }
        // Only the dup2'd copies (fds 3 and 4) may reach the browser.
        for fd in commands + answers { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var arguments = [
            executable, "--headless=new", "--remote-debugging-pipe", "--user-data-dir=\(profile.path)",
            "--window-size=\(width),\(height)", "--no-first-run", "--no-default-browser-check", "--disable-gpu",
            "--disable-extensions", "--disable-background-networking", "--disable-dev-shm-usage",
            "--hide-scrollbars", "--mute-audio", "about:blank",
        ]
        // Chromium's sandbox needs root-less user namespaces, which containers and CI often lack
        // (and it refuses to run as root); the browser only ever loads our own loopback pages.
        arguments.insert("--no-sandbox", at: 1)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, commands[0], 3)
        posix_spawn_file_actions_adddup2(&actions, answers[1], 4)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, executable, &actions, nil, argv, environ)
        close(commands[0])
        close(answers[1])
        guard spawned == 0 else {
            close(commands[1])
            close(answers[0])
            throw Failure(description: "cannot start \(executable): error \(spawned)")
        }
        pid = child
        toBrowser = commands[1]
        fromBrowser = answers[0]
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(toBrowser)
        close(fromBrowser)
        try? FileManager.default.removeItem(at: profile)
    }

    /// Attaches to the page Chromium opened; later commands go to it.
    func attachToPage() throws {
        let targets = try call("Target.getTargets", browserLevel: true)
        guard let infos = targets["targetInfos"] as? [[String: Any]],
            let page = infos.first(where: { $0["type"] as? String == "page" }),
            let id = page["targetId"] as? String
        else { throw Failure(description: "no page target: \(targets)") }
        let attached = try call("Target.attachToTarget", ["targetId": id, "flatten": true], browserLevel: true)
        guard let sessionID = attached["sessionId"] as? String else { throw Failure(description: "attach failed") }
        session = sessionID
    }

    func navigate(_ url: String) throws {
        _ = try call("Page.navigate", ["url": url])
    }

    /// The value of a JavaScript expression; nil while the page is navigating (its context is gone)
    /// or when the expression throws.
    func evaluate(_ expression: String) -> Any? {
        guard let result = try? call("Runtime.evaluate", ["expression": expression, "returnByValue": true]),
            result["exceptionDetails"] == nil, let value = result["result"] as? [String: Any]
        else { return nil }
        return value["value"]
    }

    /// Polls `expression` until it is `true`; the bound is generous so that only a broken preview
    /// (never a slow machine) fails the test.
    func waitUntil(_ expression: String, seconds: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if evaluate(expression) as? Bool == true { return true }
            usleep(50_000)
        }
        return false
    }

    func screenshot(to url: URL) throws {
        let shot = try call("Page.captureScreenshot", ["format": "png"])
        guard let base64 = shot["data"] as? String, let data = Data(base64Encoded: base64) else {
            throw Failure(description: "no screenshot data")
        }
        try data.write(to: url)
    }

    /// Sends one command and waits for its answer, skipping the events in between.
    @discardableResult
    func call(_ method: String, _ params: [String: Any] = [:], browserLevel: Bool = false) throws -> [String: Any] {
        nextID += 1
        let id = nextID
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if !browserLevel, let session { message["sessionId"] = session }
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(toBrowser, $0.baseAddress, $0.count) }
            guard n > 0 else { throw Failure(description: "browser pipe closed while sending \(method)") }
            written += n
        }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            guard let reply = try readMessage(until: deadline) else { break }
            guard reply["id"] as? Int == id else { continue }
            if let error = reply["error"] as? [String: Any] {
                throw Failure(description: "\(method): \(error["message"] ?? error)")
            }
            return reply["result"] as? [String: Any] ?? [:]
        }
        throw Failure(description: "no answer to \(method)")
    }

    private func readMessage(until deadline: Date) throws -> [String: Any]? {
        while true {
            if let end = pending.firstIndex(of: 0) {
                let data = Data(pending[..<end])
                pending.removeSubrange(...end)
                return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            }
            let wait = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            var descriptor = pollfd(fd: fromBrowser, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, wait) > 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let n = chunk.withUnsafeMutableBytes { read(fromBrowser, $0.baseAddress, $0.count) }
            guard n > 0 else { throw Failure(description: "browser exited") }
            pending += chunk[..<n]
        }
    }
}

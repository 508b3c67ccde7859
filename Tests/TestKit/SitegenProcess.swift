import Foundation
import Synchronization

/// A real `sitegen` process (serve, preview) for the tests that need signals, `kill -9` or a
/// browser. Its output is collected as it arrives; `port(after:)` waits for the line that says
/// where it listens. The caller stops it (`defer { process.kill(SIGKILL) }`).
package final class SitegenProcess: Sendable {
    package let process: Process
    private let printed = PrintedOutput()

    /// Starts `sitegen <arguments>` in `folder` (default: the current one).
    package init(_ arguments: [String], in folder: URL? = nil) throws {
        let process = Process()
        process.executableURL = try SitegenExecutable.url()
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        self.process = process
        let handle = pipe.fileHandleForReading
        try process.run()
        // A reader thread of its own: availableData blocks, and the pipe must never fill up and
        // stall the server.
        Thread.detachNewThread { [printed] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                printed.state.withLock { $0.text += String(decoding: chunk, as: UTF8.self) }
            }
            printed.state.withLock { $0.ended = true }
        }
    }

    /// Everything the process printed so far.
    package var output: String { printed.state.withLock { $0.text } }

    /// The port from the first `<marker><digits>/` the process prints, e.g. marker
    /// `"serving on http://127.0.0.1:"`. Fails when the process exits first or after `seconds`.
    package func port(after marker: String, within seconds: Double = 60) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            let seen = output
            if let range = seen.range(of: marker) {
                let digits = seen[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits), seen[range.upperBound...].dropFirst(digits.count).hasPrefix("/") {
                    return port
                }
            }
            if printed.state.withLock({ $0.ended }) {
                throw LoopbackHTTP.Failure(description: "sitegen exited before listening:\n\(seen)")
            }
            // The process prints the line once; polling its collected output is the simplest
            // bounded wait that needs no cooperation from it.
            try await Task.sleep(for: .milliseconds(20))
        }
        throw LoopbackHTTP.Failure(description: "sitegen did not say where it listens within \(seconds) s:\n\(output)")
    }

    /// Waits until the process has exited and all it printed has been read; its exit status.
    /// For short commands (`sitegen keys create`). Fails after `seconds`.
    package func exitStatus(within seconds: Double = 60) async throws -> Int32 {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if !process.isRunning, printed.state.withLock({ $0.ended }) { return process.terminationStatus }
            // As in `port(after:)`: a bounded wait on the collected state, nothing to signal it.
            try await Task.sleep(for: .milliseconds(20))
        }
        throw LoopbackHTTP.Failure(description: "sitegen did not exit within \(seconds) s:\n\(output)")
    }

    package func kill(_ signal: Int32) {
        if process.isRunning { Foundation.kill(process.processIdentifier, signal) }
    }

    /// SIGINT, then SIGKILL if it has not exited within `seconds`.
    package func stop(within seconds: Double = 20) {
        guard process.isRunning else { return }
        process.interrupt()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        kill(SIGKILL)
        process.waitUntilExit()
    }
}

/// What the process printed so far, and whether its output has closed.
private final class PrintedOutput: Sendable {
    let state = Mutex((text: "", ended: false))
}

import Foundation
import XCTest

/// A real `sitegen serve` process on a fixture's dist/ and database, for the tests that need
/// signals and `kill -9`. The caller kills it when done (`defer { server.kill(SIGKILL) }`).
struct ServeProcess {
    let process: Process
    let port: Int

    /// The executable `make test` built beside this package (`swift build --build-tests` builds it).
    static func binary() throws -> URL {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let binary = packageRoot.appendingPathComponent(".build/debug/sitegen")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("\(binary.path) is missing: build the package (make test) first")
        }
        return binary
    }

    /// Starts the server on a free port and waits until it says where it listens.
    static func start(_ fixture: DistFixture) async throws -> ServeProcess {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = ["serve", "--dist", fixture.dist.path, "--db", fixture.database.path, "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        do {
            return ServeProcess(process: process, port: try await waitForPort(output.fileHandleForReading))
        } catch {
            Foundation.kill(process.processIdentifier, SIGKILL)
            throw error
        }
    }

    func kill(_ signal: Int32) {
        if process.isRunning { Foundation.kill(process.processIdentifier, signal) }
    }

    /// Reads the server's log until it says where it listens.
    private static func waitForPort(_ handle: FileHandle) async throws -> Int {
        try await Task.detached {
            var seen = ""
            while true {
                let chunk = handle.availableData
                guard !chunk.isEmpty else {
                    throw LoopbackHTTP.Failure(description: "server exited before listening:\n\(seen)")
                }
                seen += String(decoding: chunk, as: UTF8.self)
                if let range = seen.range(of: "serving on http://127.0.0.1:") {
                    let digits = seen[range.upperBound...].prefix { $0.isNumber }
                    if let port = Int(digits), seen[range.upperBound...].dropFirst(digits.count).hasPrefix("/") {
                        return port
                    }
                }
            }
        }.value
    }
}

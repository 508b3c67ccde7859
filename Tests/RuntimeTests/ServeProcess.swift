import Foundation
import TestKit
import XCTest

/// A real `sitegen serve` process on a fixture's dist/ and database, for the tests that need
/// signals and `kill -9`. The caller kills it when done (`defer { server.kill(SIGKILL) }`).
struct ServeProcess {
    let sitegen: SitegenProcess
    let port: Int

    var process: Process { sitegen.process }

    /// Starts the server on a free port and waits until it says where it listens.
    /// `arguments` are added to `serve`'s (a shared store, say).
    static func start(_ fixture: DistFixture, arguments: [String] = []) async throws -> ServeProcess {
        let sitegen = try SitegenProcess(
            ["serve", "--dist", fixture.dist.path, "--db", fixture.database.path, "--port", "0"] + arguments)
        do {
            return ServeProcess(sitegen: sitegen, port: try await sitegen.port(after: "serving on http://127.0.0.1:"))
        } catch {
            sitegen.kill(SIGKILL)
            throw error
        }
    }

    func kill(_ signal: Int32) { sitegen.kill(signal) }
}

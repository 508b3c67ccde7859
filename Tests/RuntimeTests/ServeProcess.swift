import Foundation
import TestKit
import XCTest

/// A real `sitegen serve` process on a fixture's dist/ and database, for the tests that need
/// signals and `kill -9`. The caller kills it when done (`defer { server.kill(SIGKILL) }`).
struct ServeProcess {
    let sitegen: SitegenProcess
    let port: Int

    var process: Process { sitegen.process }

    /// Starts the server on `port` (0: a free one) and waits until it says where it listens.
    /// `arguments` are added to `serve`'s (a shared store, say). A node restarted on its old port
    /// is found again by clients that knew it, as behind a load balancer.
    static func start(_ fixture: DistFixture, arguments: [String] = [], port: Int = 0) async throws -> ServeProcess {
        let sitegen = try SitegenProcess(
            ["serve", "--dist", fixture.dist.path, "--db", fixture.database.path, "--port", "\(port)"] + arguments)
        do {
            return ServeProcess(sitegen: sitegen, port: try await sitegen.port(after: "serving on http://127.0.0.1:"))
        } catch {
            sitegen.kill(SIGKILL)
            throw error
        }
    }

    func kill(_ signal: Int32) { sitegen.kill(signal) }
}

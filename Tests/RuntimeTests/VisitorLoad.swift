import Foundation
import Synchronization
import TestKit

/// A load generator for real `sitegen serve` nodes behind no load balancer but the dice: each
/// worker, on a thread of its own (the sockets block, and the cooperative pool has only as many
/// threads as cores), sends new visitors to a random node; half of them come back to a random
/// node (no stickiness) for another page, and 40 % convert, most on the node that served them,
/// the rest on another one. A conversion answered 503 (retry) or not answered at all is retried
/// by its visitor a second later, on the same node, until it is acknowledged; `stop()` retries
/// what is left for a few more seconds.
///
/// Every answer is tallied per phase (`phase`, set by the test: before, during and after a
/// failure) and node, and every promise is kept for comparison with PostgreSQL's rows: the
/// decisions handed out in cookies, and the conversions acknowledged (200 recorded, 202 pending).
final class VisitorLoad: Sendable {
    /// What one node answered in one phase.
    struct Tally: Sendable {
        /// New visitors given a page and a cookie.
        var pages = 0
        /// Returning visitors given another page of the variant their cookie names.
        var returning = 0
        /// Conversions answered 200 (committed on the node).
        var recorded = 0
        /// Conversions answered 202 (another node's decision not shipped yet, kept to be joined).
        var pending = 0
        /// Conversions answered 503 (the shared store unreachable for a lookup): retried.
        var retry = 0
        /// Connections refused: the node is down.
        var refused = 0
        /// Requests sent that got no complete answer.
        var unanswered = 0
    }

    /// A decision a visitor was given a cookie for.
    struct Issued: Sendable {
        var node: Int
        var at: ContinuousClock.Instant
    }

    /// A conversion a node acknowledged.
    struct Acknowledged: Sendable {
        var node: Int
        var status: Int
        var at: ContinuousClock.Instant
    }

    private struct State {
        var phase = 0
        var stopping = false
        var tallies: [[Tally]] = []
        var issued: [String: Issued] = [:]
        var acknowledged: [String: Acknowledged] = [:]
        /// Conversions sent whose answer never came: each may or may not be recorded.
        var uncertain: Set<String> = []
        /// Conversions still waiting to be acknowledged when the load stopped.
        var abandoned: Set<String> = []
        var unexpected: [String] = []
        var running = 0
    }

    private struct Conversion {
        var decision: String
        var cookie: String
        var visitor: String
        var node: Int
        var due: ContinuousClock.Instant
    }

    private enum Outcome {
        case reply(LoopbackHTTP.Reply)
        case refused
        case unanswered
    }

    let ports: [Int]
    private let workers: Int
    private let state = Mutex(State())

    init(ports: [Int], workers: Int) {
        self.ports = ports
        self.workers = workers
    }

    /// Starts the workers.
    func start() {
        state.withLock { $0.running = workers }
        for worker in 0..<workers {
            Thread.detachNewThread { [self] in
                run(worker: worker)
                state.withLock { $0.running -= 1 }
            }
        }
    }

    /// Stops sending new visitors, retries the conversions still waiting for up to 15 s, and
    /// returns once every worker has ended.
    func stop() async throws {
        state.withLock { $0.stopping = true }
        let deadline = ContinuousClock.now + .seconds(40)
        while state.withLock({ $0.running > 0 }) {
            guard ContinuousClock.now < deadline else {
                throw LoopbackHTTP.Failure(description: "the load's workers did not end")
            }
            // The workers are threads of their own; their count is polled, with a deadline.
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    var phase: Int {
        get { state.withLock { $0.phase } }
        set { state.withLock { $0.phase = newValue } }
    }

    /// What `node` answered in `phase`.
    func tally(phase: Int, node: Int) -> Tally {
        state.withLock { $0.tallies.indices.contains(phase) ? $0.tallies[phase][node] : Tally() }
    }

    var issued: [String: Issued] { state.withLock { $0.issued } }
    var acknowledged: [String: Acknowledged] { state.withLock { $0.acknowledged } }
    var uncertain: Set<String> { state.withLock { $0.uncertain } }
    var abandoned: Set<String> { state.withLock { $0.abandoned } }
    /// Answers no phase explains (a page that is not 200, a 500, a variant that changed).
    var unexpected: [String] { state.withLock { $0.unexpected } }

    private func count(_ node: Int, _ update: (inout Tally) -> Void) {
        state.withLock { state in
            while state.tallies.count <= state.phase {
                state.tallies.append(Array(repeating: Tally(), count: ports.count))
            }
            update(&state.tallies[state.phase][node])
        }
    }

    private func note(_ problem: String) {
        state.withLock { if $0.unexpected.count < 50 { $0.unexpected.append(problem) } }
    }

    private func run(worker: Int) {
        var waiting: [Conversion] = []
        var visitors = 0
        while !state.withLock({ $0.stopping }) {
            waiting = retry(waiting, now: ContinuousClock.now)
            visitors += 1
            // A visitor address of its own for every visitor: the conversion rate limit is per
            // client, and behind a proxy on loopback the client is the last X-Forwarded-For.
            let visitor = "10.\(worker).\(visitors / 250 % 250).\(visitors % 250 + 1)"
            if let conversion = visit(visitor, node: Int.random(in: 0..<ports.count)) {
                waiting += convert(conversion)
            }
            // Paces the load so the nodes, PostgreSQL and the test share two cores; nothing
            // waits here for a state to change.
            Thread.sleep(forTimeInterval: 0.02)
        }
        let deadline = ContinuousClock.now + .seconds(15)
        while !waiting.isEmpty && ContinuousClock.now < deadline {
            waiting = retry(waiting, now: ContinuousClock.now)
            Thread.sleep(forTimeInterval: 0.1)
        }
        state.withLock { state in
            for conversion in waiting where state.acknowledged[conversion.decision] == nil {
                state.abandoned.insert(conversion.decision)
            }
        }
    }

    /// A new visitor's page on `node`, maybe a second page on any node, and the conversion the
    /// visitor will send, if any.
    private func visit(_ visitor: String, node: Int) -> Conversion? {
        let agent = Bool.random() ? UserAgents.iPhone : UserAgents.desktop
        guard case .reply(let page) = send(node, "GET", "/luna/", ["User-Agent": agent, "X-Forwarded-For": visitor])
        else { return nil }
        guard page.status == 200, let setCookie = page.headers["set-cookie"], let variant = Self.variant(page.body)
        else {
            note("node \(node): a new visitor's page answered \(page.status): \(page.body.prefix(200))")
            return nil
        }
        let cookie = String(setCookie.prefix { $0 != ";" })
        let fields = cookie.split(separator: ".")
        guard fields.count == 4 else {
            note("node \(node): a cookie not of four fields: \(cookie)")
            return nil
        }
        let decision = String(fields[1])
        let now = ContinuousClock.now
        state.withLock { $0.issued[decision] = Issued(node: node, at: now) }
        count(node) { $0.pages += 1 }

        if Bool.random() {
            let other = Int.random(in: 0..<ports.count)
            let headers = ["User-Agent": agent, "X-Forwarded-For": visitor, "Cookie": cookie]
            if case .reply(let again) = send(other, "GET", "/luna/menu/", headers) {
                if again.status == 200, Self.variant(again.body) == variant, again.headers["set-cookie"] == nil {
                    count(other) { $0.returning += 1 }
                } else {
                    note(
                        "node \(other): a returning visitor of variant \(variant) got \(again.status), variant "
                            + "\(Self.variant(again.body) ?? "none"), set-cookie \(again.headers["set-cookie"] ?? "none")"
                    )
                }
            }
        }
        guard Double.random(in: 0..<1) < 0.4 else { return nil }
        let converting = Double.random(in: 0..<1) < 0.7 ? node : Int.random(in: 0..<ports.count)
        return Conversion(decision: decision, cookie: cookie, visitor: visitor, node: converting, due: now)
    }

    /// Sends the conversions that are due; returns those still to be retried.
    private func retry(_ waiting: [Conversion], now: ContinuousClock.Instant) -> [Conversion] {
        var left: [Conversion] = []
        for conversion in waiting {
            left += conversion.due <= now ? convert(conversion) : [conversion]
        }
        return left
    }

    /// Sends one conversion; returns it (due a second later) when it must be retried.
    private func convert(_ conversion: Conversion) -> [Conversion] {
        var again = conversion
        again.due = ContinuousClock.now + .seconds(1)
        let node = conversion.node
        let headers = [
            "Cookie": conversion.cookie, "Content-Type": "application/json", "X-Forwarded-For": conversion.visitor,
        ]
        switch send(node, "POST", "/luna/_convert", headers, body: #"{"goal":"order","value":3}"#) {
        case .refused:
            return [again]
        case .unanswered:
            state.withLock { _ = $0.uncertain.insert(conversion.decision) }
            return [again]
        case .reply(let reply) where reply.status == 200 || reply.status == 202:
            let now = ContinuousClock.now
            state.withLock { state in
                if state.acknowledged[conversion.decision] == nil {
                    state.acknowledged[conversion.decision] = Acknowledged(node: node, status: reply.status, at: now)
                }
                state.uncertain.remove(conversion.decision)
            }
            count(node) { tally in
                if reply.status == 200 { tally.recorded += 1 } else { tally.pending += 1 }
            }
            return []
        case .reply(let reply) where reply.status == 503:
            count(node) { $0.retry += 1 }
            return [again]
        case .reply(let reply):
            note("node \(node): a conversion answered \(reply.status): \(reply.body.prefix(200))")
            return []
        }
    }

    /// One request on a connection of its own.
    private func send(
        _ node: Int, _ method: String, _ path: String, _ headers: [String: String], body: String = ""
    ) -> Outcome {
        let port = ports[node]
        guard let socket = try? LoopbackSocket(port: port) else {
            count(node) { $0.refused += 1 }
            return .refused
        }
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        guard (try? socket.send(Array(request.utf8))) != nil, let bytes = try? socket.receiveToEnd(),
            let reply = try? LoopbackHTTP.replies(in: bytes).first
        else {
            count(node) { $0.unanswered += 1 }
            return .unanswered
        }
        return .reply(reply)
    }

    private static func variant(_ body: String) -> String? {
        guard let range = body.range(of: "data-variant=\"") else { return nil }
        return String(body[range.upperBound...].prefix { $0 != "\"" })
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import TestKit
import XCTest

@testable import Runtime

final class RestartAndReloadTests: XCTestCase {
    private func quietLogger() -> Logger {
        var logger = Logger(label: "runtime-tests")
        logger.logLevel = .critical
        return logger
    }

    private func report(_ runtime: SitegenRuntime, _ site: String = "luna") -> [String: (Int, Int, Double)] {
        var rows: [String: (Int, Int, Double)] = [:]
        for row in runtime.live.models[site]?.report() ?? [] {
            rows[row.variant] = (row.impressions, row.conversions, row.reward)
        }
        return rows
    }

    /// Teaches the runtime through the same paths requests use: decisions, some conversions.
    private func learn(_ runtime: SitegenRuntime, visitors: Int, convertEvery: Int) async throws {
        guard let model = runtime.live.models["luna"] else { return XCTFail("no model") }
        for i in 0..<visitors {
            let features = ["device": i % 2 == 0 ? "mobile" : "desktop", "hour": String(i % 24), "country": "IT"]
            let id = DecisionID.make()
            let decision = model.decide(features, learn: true) { decision, probabilities in
                DecisionRecord.make(
                    id: id, site: "luna", decision: decision, probabilities: probabilities,
                    features: EncodedFeatures(features), learn: true, at: Date())
            }
            XCTAssertTrue(["indoor", "patio"].contains(decision.variant))
            if i % convertEvery == 0 {
                let result = try await model.convert(
                    ConversionRecord(decisionID: id, site: "luna", goal: "order", value: 25, at: Date()))
                guard case .recorded = result else { return XCTFail("conversion not recorded: \(result)") }
            }
        }
    }

    func testModelsComeBackFromSnapshotPlusLaterEvents() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        let options = ServerOptions(
            dist: fixture.dist, mode: .recording(database: fixture.database), reloadOnHangup: false)
        var expected: [String: (Int, Int, Double)] = [:]
        do {
            let first = try SitegenRuntime(options: options, logger: quietLogger())
            try await learn(first, visitors: 30, convertEvery: 3)
            await first.snapshotAll(force: true)
            // Events after the snapshot, then a "crash": committed, never snapshotted, no shutdown.
            try await learn(first, visitors: 17, convertEvery: 4)
            try await first.store?.flush()
            expected = report(first)
        }
        XCTAssertEqual(expected.values.reduce(0) { $0 + $1.0 }, 47)
        let second = try SitegenRuntime(options: options, logger: quietLogger())
        let restored = report(second)
        XCTAssertEqual(restored.count, 2)
        for (variant, figures) in expected {
            XCTAssertEqual(restored[variant]?.0, figures.0, "impressions of \(variant)")
            XCTAssertEqual(restored[variant]?.1, figures.1, "conversions of \(variant)")
            XCTAssertEqual(restored[variant]?.2 ?? -1, figures.2, accuracy: 1e-9, "reward of \(variant)")
        }
        try await second.shutdown()
    }

    func testGracefulShutdownSnapshotsAndAServerRestartsWhereItStopped() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        let cookie = UnsafeBox<String>()
        try await withRuntime(fixture) { client, _ in
            for _ in 0..<12 { _ = try await client.get("/luna/") }
            let page = try await client.get("/luna/menu/")
            cookie.value = try XCTUnwrap(page.cookiePair)
            let converted = try await client.post(
                "/luna/_convert", #"{"goal":"reserve"}"#, [("Cookie", cookie.value ?? "")])
            XCTAssertEqual(converted.status, .ok)
        }
        XCTAssertGreaterThanOrEqual(try count(fixture, "SELECT count(*) FROM snapshots WHERE site = 'luna'"), 1)
        try await withRuntime(fixture) { client, _ in
            let metrics = try await client.get("/ml/models/luna/metrics").json()
            XCTAssertEqual(metrics["impressions"] as? Int, 13)
            XCTAssertEqual(metrics["conversions"] as? Int, 1)
            // The cookie key lives in the database: the assignment survives the restart.
            let again = try await client.get("/luna/", [("Cookie", cookie.value ?? "")])
            XCTAssertNil(again.headers[.setCookie])
        }
    }

    /// A snapshot that cannot be written leaves the site due, so the next tick writes it; the
    /// impressions of the failed batch are committed with it.
    func testAFailedSnapshotIsRetriedAndLosesNothing() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, runtime in
            for _ in 0..<3 { _ = try await client.get("/luna/") }
            let path = fixture.database.path
            let before = try rawInteger(path, "SELECT count(*) FROM snapshots") ?? 0
            let disk = try SimulatedDiskFailure(path: path, table: "snapshots")
            try disk.set(failing: true)
            await runtime.snapshotAll()
            XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM snapshots"), before)
            XCTAssertEqual(runtime.live.models["luna"]?.eventsSinceSnapshot, 3)

            try disk.set(failing: false)
            await runtime.snapshotAll()
            XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM snapshots WHERE site = 'luna'"), 1)
            XCTAssertEqual(runtime.live.models["luna"]?.eventsSinceSnapshot, 0)
            XCTAssertEqual(try rawInteger(path, "SELECT count(*) FROM decisions"), 3)
        }
    }

    func testReloadSwapsTheDistAndCarriesLearningOverForSurvivingVariants() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture) { client, runtime in
            var cookies: [String: String] = [:]
            for _ in 0..<40 where cookies.count < 2 {
                let page = try await client.get("/luna/")
                if let variant = page.servedVariant, let cookie = page.cookiePair { cookies[variant] = cookie }
            }
            let before = runtime.live.models["luna"]?.report() ?? []
            let indoorBefore = try XCTUnwrap(before.first { $0.variant == "indoor" }).impressions

            try fixture.write(buildID: "build-2", lunaVariants: ["indoor", "garden"])
            let swapped = await runtime.reload()
            XCTAssertTrue(swapped)
            let health = try await client.get("/healthz").json()
            XCTAssertEqual(health["buildId"] as? String, "build-2")
            let after = runtime.live.models["luna"]?.report() ?? []
            XCTAssertEqual(after.map(\.variant), ["indoor", "garden"])
            XCTAssertEqual(after.first { $0.variant == "indoor" }?.impressions, indoorBefore)
            XCTAssertEqual(after.first { $0.variant == "garden" }?.impressions, 0)
            let garden = try await client.get("/luna/?variant=garden")
            XCTAssertEqual(garden.servedVariant, "garden")

            // Visitors of a variant that is gone are assigned anew; the others keep theirs.
            if let patio = cookies["patio"] {
                let response = try await client.get("/luna/", [("Cookie", patio)])
                XCTAssertNotNil(response.headers[.setCookie])
            }
            if let indoor = cookies["indoor"] {
                let response = try await client.get("/luna/", [("Cookie", indoor)])
                XCTAssertEqual(response.servedVariant, "indoor")
                XCTAssertNil(response.headers[.setCookie])
            }

            // A broken dist is refused; the old one keeps serving.
            try fixture.write(buildID: "build-3", lunaVariants: ["indoor", "garden"])
            try FileManager.default.removeItem(at: fixture.dist.appendingPathComponent("luna/garden/menu/index.html"))
            let refused = await runtime.reload()
            XCTAssertFalse(refused)
            let still = try await client.get("/healthz").json()
            XCTAssertEqual(still["buildId"] as? String, "build-2")
            let page = try await client.get("/luna/menu/?variant=garden")
            XCTAssertEqual(page.status, .ok)
            let metrics = try await client.get("/metrics")
            XCTAssertTrue(metrics.text.contains("sitegen_failed_reloads_total 1"))
            XCTAssertTrue(metrics.text.contains("sitegen_reloads_total 1"))
        }
    }

    func testPreviewModeRecordsNothing() async throws {
        let fixture = try DistFixture()
        defer { fixture.remove() }
        try await withRuntime(fixture, configure: { $0.mode = .development(NoExtension()) }) { client, _ in
            let page = try await client.get("/luna/")
            XCTAssertEqual(page.status, .ok)
            let cookie = try XCTUnwrap(page.cookiePair)
            let converted = try await client.post("/luna/_convert", #"{"goal":"reserve"}"#, [("Cookie", cookie)])
            XCTAssertEqual(converted.status, .ok)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.database.path))
    }
}

/// A development server that adds nothing: the runtime alone, recording nothing.
struct NoExtension: ServerExtension {}

/// A value the @Sendable test closure fills in for the code after it.
final class UnsafeBox<Value>: @unchecked Sendable {
    // Written once inside the closure, read after it returned: no concurrent access.
    var value: Value?
}

import XCTest

@testable import Personalize
@testable import Tools

/// Scenario files: the shipped ones load, and mistakes are reported at their line and column.
final class ScenarioTests: XCTestCase {
    func testShippedScenariosLoad() throws {
        for name in ["one-best", "device-daypart", "drift", "delayed", "revenue"] {
            let scenario = try shippedScenario(name)
            XCTAssertEqual(scenario.name, name)
            XCTAssertFalse(scenario.variants.isEmpty)
        }
        let drift = try shippedScenario("drift")
        XCTAssertEqual(drift.plans.map(\.start), [0, 10000])
        XCTAssertEqual(drift.personalize.halfLife, 3000)
        XCTAssertEqual(try shippedScenario("revenue").revenue, [10, 20, 40])
    }

    func testRulesAndSegmentsShapeTheDraws() throws {
        let yaml = """
            variants: [a, b]
            context:
              device: {mobile: 1, desktop: 1}
              hour: {"20": 1}
            segments:
              - probability: 0.5
                features: {device: tablet}
            rates:
              base: {a: 0.1, b: 0.2}
              rules:
                - when: {device: tablet, daypart: evening}
                  rates: {b: 0.9}
            """
        let scenario = try Scenario(yaml: yaml, path: "inline.yml")
        let rounds = SimulatedRound.draw(scenario, count: 2000, seed: 1)
        let tablets = rounds.filter { $0.features["device"] == "tablet" }
        XCTAssertEqual(Double(tablets.count) / 2000, 0.5, accuracy: 0.05)
        XCTAssert(rounds.allSatisfy { $0.features["daypart"] == "evening" })
        XCTAssert(tablets.allSatisfy { $0.rates == [0.1, 0.9] })
        XCTAssert(rounds.filter { $0.features["device"] != "tablet" }.allSatisfy { $0.rates == [0.1, 0.2] })
        let converted = tablets.filter { $0.converts[1] }.count
        XCTAssertEqual(Double(converted) / Double(tablets.count), 0.9, accuracy: 0.05)
    }

    func testErrorsNameLineAndColumn() {
        func error(_ yaml: String) -> String {
            do {
                _ = try Scenario(yaml: yaml, path: "s.yml")
                return "no error"
            } catch {
                return error.description
            }
        }
        let base = "variants: [a, b]\ncontext: {device: {mobile: 1}}\n"
        XCTAssertEqual(
            error(base + "rates:\n  base: {a: 0.1, c: 0.2}\n"),
            "s.yml:4:18: unknown variant 'c' (variants: a, b)")
        XCTAssertEqual(
            error(base + "rates:\n  base: {a: 0.1, b: 1.5}\n"),
            "s.yml:4:21: the rate of b must be between 0.0 and 1.0, got 1.5")
        XCTAssertEqual(
            error(base + "rates:\n  base: {a: 0.1}\n"),
            "s.yml:4:9: base rates miss variant 'b'")
        XCTAssertEqual(
            error(base + "rates: {base: {a: 0.1, b: 0.1}}\ncolour: red\n"),
            "s.yml:4:1: unknown key 'colour' in the scenario (expected one of: name, description, variants, rounds, context, segments, rates, revenue, drift, delay, personalize)"
        )
        XCTAssertEqual(error("context: {}\nrates: {base: {}}\n"), "s.yml:1:1: missing required key 'variants'")
        XCTAssertEqual(
            error(base + "rates: {base: {a: 0.1, b: 0.1}}\ndelay: {min: 5, max: 2}\n"),
            "s.yml:4:8: delay.min (5) is above delay.max (2)")
        XCTAssertEqual(
            error(base + "rates: {base: {a: 0.1, b: 0.1}}\ndelay: 9223372036854775807\n"),
            "s.yml:4:8: delay must be at most 1000000, got 9223372036854775807")
        XCTAssertEqual(
            error(base + "rates: {base: {a: 0.1, b: 0.1}}\nrounds: 10000000000\n"),
            "s.yml:4:9: rounds must be at most 10000000, got 10000000000")
        // The located-YAML reader site.yml uses: an unclosed bracket is blamed where it opened.
        XCTAssert(error("variants: [a\n").hasPrefix("s.yml:1:11: malformed YAML"), error("variants: [a\n"))
        // The personalize block is checked as site.yml's is.
        XCTAssertEqual(
            error(base + "rates: {base: {a: 0.1, b: 0.1}}\npersonalize:\n  policy: lintz\n"),
            "s.yml:5:11: unknown policy 'lintz' (did you mean 'lints'?)")
        XCTAssertEqual(
            error(base + "rates: {base: {a: 0.1, b: 0.1}}\npersonalize:\n  featurs: [device]\n"),
            "s.yml:5:3: unknown key 'featurs' in personalize (did you mean 'features'?)")
        // And aliases cannot expand a small file into a billion values.
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            bomb +=
                "l\(level): &l\(level) [*\(level == 1 ? "a" : "l\(level - 1)"), *\(level == 1 ? "a" : "l\(level - 1)"), *\(level == 1 ? "a" : "l\(level - 1)"), *\(level == 1 ? "a" : "l\(level - 1)"), *\(level == 1 ? "a" : "l\(level - 1)"), *\(level == 1 ? "a" : "l\(level - 1)"), *\(level == 1 ? "a" : "l\(level - 1)"), *\(level == 1 ? "a" : "l\(level - 1)"), *\(level == 1 ? "a" : "l\(level - 1)"), *\(level == 1 ? "a" : "l\(level - 1)")]\n"
        }
        XCTAssertTrue(error(bomb).contains("YAML expands to more than"), error(bomb))
        XCTAssertEqual(
            Scenario.loadError("/nonexistent/x.yml"), "/nonexistent/x.yml: cannot read the scenario file")
    }

    func testRoundExportCarriesTheSameDraws() throws {
        let scenario = try shippedScenario("delayed")
        let data = try RoundExport.jsonLines(scenario, rounds: 10, seed: 3)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.count, 11)
        let draws = SimulatedRound.draw(scenario, count: 10, seed: 3)
        let first = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any]
        XCTAssertEqual(first?["delay"] as? Int, draws[0].delay)
        XCTAssertEqual(first?["features"] as? [String: String], draws[0].features)
    }
}

extension Scenario {
    /// The message `load` throws for a path, for tests.
    static func loadError(_ path: String) -> String {
        do {
            _ = try load(path: path)
            return "no error"
        } catch {
            return error.description
        }
    }
}

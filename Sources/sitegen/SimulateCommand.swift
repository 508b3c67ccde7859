import ArgumentParser
import DistFormat
import Foundation
import Personalize
import Runtime
import Tools

/// `sitegen simulate`: replays a scenario file against bandit policies.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Compare bandit policies on a simulated campaign before running a real one.",
        // Spelled out: --scenario is optional only for the hidden --bench, which users never see.
        usage: "sitegen simulate --scenario <file> [--rounds <rounds>] [--seed <seed>] [--policy <name> ...]",
        discussion: """
            A scenario file (YAML, see scenarios/*.yml) describes who visits (device, hour, country…
            with their weights), how likely each variant converts for whom (a base rate per variant
            plus rules such as `when: {device: mobile, daypart: evening}`), what a conversion is
            worth, whether rates change at some round (drift) and how late conversions are reported.

            Every policy sees exactly the same visitors and the same would-convert outcomes, so the
            differences in the table are the policies' own. Next to them: the oracle, which knows
            the true rates and always shows the best variant, and the uniform split of a plain A/B
            test. Columns: conversions and reward earned; % oracle (reward as a percentage of the
            oracle's); regret (expected reward lost against the oracle); × uniform (reward divided
            by the uniform split's: above 1 means the bandit paid off); decisions/s.

            Policies: adaptive (default: rate and order value learned apart, context effects that
            earn their way in, forgetting chosen from the data, change detection), lints, thompson, linucb, epsilon-greedy, uniform. Settings other than the policy come from
            the scenario's `personalize:` block, as in site.yml.

            With --into-db, it writes a realistic history instead: --days days (default 90) of \
            visitors to every site of the build in --dist (default dist/), decided by each site's \
            own policy with their probabilities logged, with conversions, QR scans per placement \
            (one placement stops scanning for a week) and returning visitors, into an event \
            database of the current schema; `sitegen report` then has something to show.

            Examples:
              sitegen simulate --scenario scenarios/device-daypart.yml
              sitegen simulate --scenario scenarios/device-daypart.yml --days 90 --into-db data/demo.sqlite
              sitegen simulate --scenario scenarios/drift.yml --rounds 50000 --seed 7 --policy lints --policy thompson
            """)

    @Option(help: ArgumentHelp("The scenario file (YAML).", valueName: "file"))
    var scenario: String?

    // Unconditional, so that `--rounds -5` reaches the range check instead of being taken for a flag.
    @Option(parsing: .unconditional, help: "Visitors to simulate (default: the scenario's `rounds`, else 20000).")
    var rounds: Int?

    @Option(help: "Seed for visitors, outcomes and the policies' own randomness; same seed, same table.")
    var seed: UInt64 = 1

    @Option(
        name: .customLong("policy"),
        help: ArgumentHelp("A policy to run; repeat to compare several (default: all).", valueName: "name"))
    var policies: [PolicyKind] = []

    @Option(help: .hidden)
    var exportRounds: String?

    @Option(help: ArgumentHelp("Write a synthetic history into this (new) event database.", valueName: "path"))
    var intoDb: String?

    @Option(help: "Days of history for --into-db.")
    var days = 90

    @Option(help: "New visitors per site and day for --into-db (weekends busier).")
    var visitorsPerDay = 400

    @Option(help: ArgumentHelp("The build whose sites --into-db simulates.", valueName: "dir"))
    var dist = "dist"

    @Flag(help: .hidden)
    var bench = false

    func validate() throws {
        if !bench && scenario == nil { throw ValidationError("Missing --scenario <file>.") }
        if !(1...3650).contains(days) { throw ValidationError("--days must be from 1 to 3650.") }
        if !(1...1_000_000).contains(visitorsPerDay) {
            throw ValidationError("--visitors-per-day must be from 1 to 1000000.")
        }
        if let rounds, !(1...Scenario.maximumRounds).contains(rounds) {
            throw ValidationError("--rounds must be from 1 to \(Scenario.maximumRounds).")
        }
    }

    func run() async throws {
        if bench { return try runBenchmark() }
        guard let path = scenario else { return }
        let loaded: Scenario
        do {
            loaded = try Scenario.load(path: path)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        }
        if let intoDb { return try await writeHistory(loaded, into: intoDb) }
        let count = rounds ?? loaded.rounds
        if let exportRounds {
            try RoundExport.jsonLines(loaded, rounds: count, seed: seed).write(to: URL(fileURLWithPath: exportRounds))
            return
        }
        let chosen = policies.isEmpty ? PolicyKind.allCases : policies
        do {
            let report = try Simulator.run(loaded, policies: chosen, rounds: count, seed: seed)
            print(report.table(), terminator: "")
        } catch {
            FileHandle.standardError.write(Data("\(path): \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// `--into-db`: every site of the build, `days` days up to today's UTC midnight.
    private func writeHistory(_ scenario: Scenario, into path: String) async throws {
        let manifest: Manifest
        do {
            manifest = try Manifest.load(fromDist: URL(fileURLWithPath: dist))
        } catch {
            throw ValidationError("--dist \(dist): no build to simulate (\(error)); run `sitegen build` first.")
        }
        if FileManager.default.fileExists(atPath: path) {
            throw ValidationError("--into-db \(path) exists; the history goes into a new database.")
        }
        let sites = manifest.sites.map {
            SyntheticHistory.Site(id: $0.id, layout: SiteLayout($0), config: $0.personalize)
        }
        let now = Date().timeIntervalSince1970
        let end = Date(timeIntervalSince1970: now - now.truncatingRemainder(dividingBy: 86_400))
        let summaries = try await SyntheticHistory.write(
            scenario: scenario, sites: sites, days: days, visitorsPerDay: visitorsPerDay, seed: seed, into: path,
            end: end)
        for summary in summaries {
            let silence = summary.silentPlacement.map {
                "; placement \($0) silent on days \(summary.silentDays.lowerBound + 1)–\(summary.silentDays.upperBound)"
            }
            print("\(summary.site): \(summary.decisions) decisions, \(summary.conversions) conversions\(silence ?? "")")
        }
        print("wrote \(path)")
    }

    /// `--bench`: nanoseconds per decision and per update, 6 variants, default features; the
    /// median of three runs, since the machine is shared.
    private func runBenchmark() throws {
        let chosen = policies.isEmpty ? PolicyKind.allCases : policies
        print("policy          decide ns  update ns")
        for policy in chosen {
            let runs = try (0..<3).map { _ in try DecisionBenchmark.run(policy: policy) }
            let decide = runs.map(\.nanosecondsPerDecision).sorted()[1]
            let update = runs.map(\.nanosecondsPerUpdate).sorted()[1]
            print(
                policy.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
                    + String(format: "%11.0f%11.0f", decide, update))
        }
    }
}

/// `--policy lintz` is refused by the argument parser with the names it takes.
extension PolicyKind: ExpressibleByArgument {}

import ArgumentParser
import Foundation
import Personalize
import Tools

/// `sitegen simulate`: replays a scenario file against bandit policies.
struct SimulateCommand: ParsableCommand {
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
            earn their way in, change detection), lints, thompson, linucb, epsilon-greedy, uniform. Settings other than the policy come from
            the scenario's `personalize:` block, as in site.yml.

            Examples:
              sitegen simulate --scenario scenarios/device-daypart.yml
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

    @Flag(help: .hidden)
    var bench = false

    func validate() throws {
        if !bench && scenario == nil { throw ValidationError("Missing --scenario <file>.") }
        if let rounds, !(1...Scenario.maximumRounds).contains(rounds) {
            throw ValidationError("--rounds must be from 1 to \(Scenario.maximumRounds).")
        }
    }

    func run() throws {
        if bench { return try runBenchmark() }
        guard let path = scenario else { return }
        let loaded: Scenario
        do {
            loaded = try Scenario.load(path: path)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.failure
        }
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

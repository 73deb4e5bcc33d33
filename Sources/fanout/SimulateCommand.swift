import ArgumentParser
import FanoutCore
import Foundation

/// `fanout simulate`: replays generated suites through Fanout's real scheduler and through baselines, with
/// virtual time, and prints makespans against the lower bound.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Compare Fanout's scheduler with baselines on simulated suites (virtual time).")

    @Option(help: "Simulated hosts.") var hosts = 3
    @Option(help: "Slots per host.") var slots = 4
    @Option(help: "Seconds each batch or worker costs to start.") var overhead = 0.03
    @Option(help: "Noise around the expected durations, e.g. 0.3 for +-30% (default: 0 and 0.3).")
    var noise: [Double] = []
    @Option(help: "Seeds; each gives other actual durations.") var seeds: [UInt64] = [1, 2, 3]
    @Option(help: "Distributions: \(SimulatedSuite.Distribution.allCases.map(\.rawValue).joined(separator: ", ")).")
    var distribution: [String] = SimulatedSuite.Distribution.allCases.map(\.rawValue)

    func run() throws {
        let distributions = try distribution.map { name -> SimulatedSuite.Distribution in
            guard let value = SimulatedSuite.Distribution(rawValue: name) else {
                throw ValidationError("unknown distribution \(name)")
            }
            return value
        }
        let noises = noise.isEmpty ? [0, 0.3] : noise
        print(
            String(
                format: "%d hosts x %d slots, %.3fs per batch or worker start, seeds %@; makespan / lower bound "
                    + "max(total/slots, longest test), mean over seeds (worst)", hosts, slots, overhead,
                seeds.map(String.init).joined(separator: ",")))
        for suiteKind in distributions {
            let suite = SimulatedSuite.generate(suiteKind, seed: 42)
            let longest = suite.scopes.map(\.total).max() ?? 0
            print(
                String(
                    format: "\n%@: %d files, %d tests, %.1fs of work, longest file %.1fs", suite.name,
                    suite.scopes.count, suite.testCount, suite.total, longest))
            var header = "  " + "strategy".padding(toLength: 24, withPad: " ", startingAt: 0)
            for value in noises { header += String(format: "  noise %3.0f%%: ratio (worst)  batches", value * 100) }
            print(header)
            for strategy in SimulationStrategy.allCases {
                var line = "  " + strategy.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)
                for value in noises {
                    let results = seeds.map { seed in
                        Simulator(
                            suite: suite,
                            settings: SimulationSettings(
                                hosts: hosts, slotsPerHost: slots, batchOverhead: overhead, noise: value, seed: seed)
                        ).run(strategy)
                    }
                    let mean = results.map(\.ratio).reduce(0, +) / Double(results.count)
                    let worst = results.map(\.ratio).max() ?? 0
                    let processes = results.map(\.processes).reduce(0, +) / results.count
                    line += String(format: "  %11.3f (%5.3f)  %7d", mean, worst, processes)
                }
                print(line)
            }
        }
    }
}

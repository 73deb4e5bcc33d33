import FanoutCore
import Testing

@Suite struct SimulatorTests {
    func settings(noise: Double, seed: UInt64 = 1, overhead: Double = 0.03) -> SimulationSettings {
        SimulationSettings(hosts: 3, slotsPerHost: 4, batchOverhead: overhead, noise: noise, seed: seed)
    }

    @Test func generatedSuitesAndSimulationsRepeatExactly() {
        for distribution in SimulatedSuite.Distribution.allCases {
            #expect(SimulatedSuite.generate(distribution, seed: 7) == SimulatedSuite.generate(distribution, seed: 7))
            let suite = SimulatedSuite.generate(distribution, seed: 7)
            #expect(
                Simulator(suite: suite, settings: settings(noise: 0.3)).run(.fanout)
                    == Simulator(suite: suite, settings: settings(noise: 0.3)).run(.fanout))
        }
        #expect(SimulatedSuite.generate(.uniform, seed: 1) != SimulatedSuite.generate(.uniform, seed: 2))
    }

    @Test(arguments: SimulatedSuite.Distribution.allCases, [0.0, 0.3])
    func fanoutWithHistoryIsWithinFivePercentOfTheLowerBound(
        distribution: SimulatedSuite.Distribution, noise: Double
    ) {
        let suite = SimulatedSuite.generate(distribution, seed: 42)
        for seed in [UInt64(1), 2, 3] {
            let result = Simulator(suite: suite, settings: settings(noise: noise, seed: seed)).run(.fanout)
            #expect(result.ratio <= 1.05, "\(distribution) noise \(noise) seed \(seed): \(result.ratio)")
            #expect(result.ratio >= 1.0 - 1e-9)
        }
    }

    @Test func fileLevelStrategiesNeverBeatTheBound() {
        for distribution in SimulatedSuite.Distribution.allCases {
            let simulator = Simulator(
                suite: SimulatedSuite.generate(distribution, seed: 42), settings: settings(noise: 0.3))
            for strategy in [SimulationStrategy.fanout, .fanoutNoHistory, .roundRobin] {
                #expect(simulator.run(strategy).ratio >= 1.0 - 1e-9, "\(distribution) \(strategy)")
            }
        }
    }

    @Test func theHeavyTailedSuiteIsHeavyTailed() {
        func topDecileShare(_ suite: SimulatedSuite) -> Double {
            let sorted = suite.scopes.map(\.total).sorted(by: >)
            return sorted.prefix(sorted.count / 10).reduce(0, +) / suite.total
        }
        // The slowest tenth of the files carries over 40% of the work, twice its share in the uniform suite.
        let heavy = topDecileShare(SimulatedSuite.generate(.heavyTailed, seed: 42))
        #expect(heavy > 0.4)
        #expect(heavy > 2 * topDecileShare(SimulatedSuite.generate(.uniform, seed: 42)))
    }

    @Test func roundRobinIgnoresDurationsAndPaysForIt() {
        let simulator = Simulator(suite: SimulatedSuite.generate(.heavyTailed, seed: 42), settings: settings(noise: 0))
        #expect(simulator.run(.roundRobin).makespan > simulator.run(.fanout).makespan * 1.5)
    }
}

import FanoutCore
import Testing

@Suite struct WorkEstimatorTests {
    @Test func unknownScopesGetTheMedianOfKnownOnesAndAreScheduled() {
        let history = History(scopes: [
            "a.py": DurationSamples([1]), "b.py": DurationSamples([3]), "c.py": DurationSamples([10]),
        ])
        let weighed = WorkEstimator(history: history).weigh([
            DiscoveredScope(id: "a.py"), DiscoveredScope(id: "b.py"), DiscoveredScope(id: "c.py"),
            DiscoveredScope(id: "new.py"),
        ])
        #expect(weighed.map(\.id) == ["c.py", "b.py", "new.py", "a.py"])
        #expect(weighed.first { $0.id == "new.py" } == WeightedScope(id: "new.py", expectedSeconds: 3, isKnown: false))
    }

    @Test func withoutHistoryLargerFilesGoFirstThenByPath() {
        let weighed = WorkEstimator(history: History()).weigh([
            DiscoveredScope(id: "b.py", sizeBytes: 10), DiscoveredScope(id: "a.py", sizeBytes: 10),
            DiscoveredScope(id: "c.py", sizeBytes: 900),
        ])
        #expect(weighed.map(\.id) == ["c.py", "a.py", "b.py"])
        #expect(weighed.allSatisfy { $0.expectedSeconds == WorkEstimator.defaultScopeSeconds })
    }

    @Test func staleEntriesForOtherScopesDoNotSkewTheEstimate() {
        let history = History(scopes: ["deleted.py": DurationSamples([1000]), "a.py": DurationSamples([2])])
        let weighed = WorkEstimator(history: history).weigh([DiscoveredScope(id: "a.py"), DiscoveredScope(id: "b.py")])
        #expect(weighed.map(\.expectedSeconds) == [2, 2])
    }
}

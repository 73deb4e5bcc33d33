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

    /// Without history a file's size scales the default estimate against the median size, within ten times
    /// either way; equal estimates go to the larger file, then by path.
    @Test func withoutHistoryLargerFilesWeighMoreThenGoByPath() {
        let weighed = WorkEstimator(history: History()).weigh([
            DiscoveredScope(id: "b.py", sizeBytes: 100), DiscoveredScope(id: "a.py", sizeBytes: 100),
            DiscoveredScope(id: "c.py", sizeBytes: 300), DiscoveredScope(id: "d.py", sizeBytes: 90_000),
            DiscoveredScope(id: "e.py", sizeBytes: 1), DiscoveredScope(id: "f.py"),
        ])
        #expect(weighed.map(\.id) == ["d.py", "c.py", "a.py", "b.py", "f.py", "e.py"])
        #expect(weighed.map(\.expectedSeconds) == [10, 3, 1, 1, 1, 0.1])
    }

    /// Next to known files, an unknown one weighs the median of the known, scaled by its size among the unknown.
    @Test func unknownFilesBesideKnownOnesScaleTheKnownMedianBySize() {
        let history = History(scopes: ["a.py": DurationSamples([4]), "b.py": DurationSamples([6])])
        let weighed = WorkEstimator(history: history).weigh([
            DiscoveredScope(id: "a.py", sizeBytes: 100), DiscoveredScope(id: "b.py", sizeBytes: 100),
            DiscoveredScope(id: "new.py", sizeBytes: 400), DiscoveredScope(id: "small.py", sizeBytes: 200),
            DiscoveredScope(id: "big.py", sizeBytes: 600),
        ])
        #expect(weighed.first { $0.id == "new.py" }?.expectedSeconds == 5)
        #expect(weighed.first { $0.id == "small.py" }?.expectedSeconds == 2.5)
        #expect(weighed.first { $0.id == "big.py" }?.expectedSeconds == 7.5)
    }

    @Test func staleEntriesForOtherScopesDoNotSkewTheEstimate() {
        let history = History(scopes: ["deleted.py": DurationSamples([1000]), "a.py": DurationSamples([2])])
        let weighed = WorkEstimator(history: history).weigh([DiscoveredScope(id: "a.py"), DiscoveredScope(id: "b.py")])
        #expect(weighed.map(\.expectedSeconds) == [2, 2])
    }
}

import FanoutConfig
import FanoutCore
import FanoutFormats
import Testing

@Suite struct PinGroupsTests {
    let units = [
        WeightedScope(id: "tests/db/test_b.py", expectedSeconds: 2, isKnown: true),
        WeightedScope(id: "tests/db/test_a.py", expectedSeconds: 1, isKnown: true),
        WeightedScope(id: "tests/test_cache.py", expectedSeconds: 4, isKnown: true),
        WeightedScope(id: "tests/test_other.py", expectedSeconds: 3, isKnown: true),
    ]

    @Test func eachGroupBecomesOneUnitInPathOrder() {
        let pinned = PinGroups([["tests/db/*.py"], ["tests/test_cache.py"]]).apply(units)
        // Longest first; pin:1 and test_other.py both expect 3 s, and ties go by id.
        #expect(pinned.map(\.id) == ["pin:2", "pin:1", "tests/test_other.py"])
        let database = pinned.first { $0.id == "pin:1" }
        #expect(database?.members == ["tests/db/test_a.py", "tests/db/test_b.py"])
        #expect(database?.expectedSeconds == 3)
        #expect(PinGroups([]).apply(units) == units)
    }

    @Test func aPinnedGroupRunsInOneBatchAndItsScopesFinishOnce() throws {
        let pinned = PinGroups([["tests/db/*.py"]]).apply(units)
        var queue = WorkQueue(scopes: pinned, policy: BatchPolicy(slotCount: 4, perBatchOverhead: 0, drainFactor: 100))
        var batches: [Batch] = []
        while let batch = queue.nextBatch() { batches.append(batch) }
        #expect(batches.contains { $0.scopes == ["tests/db/test_a.py", "tests/db/test_b.py"] })
        #expect(batches.flatMap(\.scopes).sorted() == units.map(\.id).sorted())
        #expect(
            ScopeSplitter(mode: .auto, slotCount: 4, minimumSliceSeconds: 0).scopesToCollect(pinned).contains("pin:1")
                == false)
    }

    @Test func pinIsAnArrayOfArraysInConfig() throws {
        let settings = try SettingsDecoder(file: "f.toml", tableName: "f.toml").decode(
            TOMLParser.parse("pin = [[\"tests/db/*\"], [\"a.py\", \"b.py\"]]\n", file: "f.toml"))
        #expect(settings.pin == [["tests/db/*"], ["a.py", "b.py"]])
        #expect(throws: ConfigError.self) {
            try SettingsDecoder(file: "f.toml", tableName: "f.toml").decode(
                TOMLParser.parse("pin = [\"a.py\"]\n", file: "f.toml"))
        }
    }

    @Test func markerGroupsComeAfterPatternGroups() {
        let pins = PinGroups([["tests/db/*.py"]]).adding(scopeGroups: [["tests/test_cache.py", "tests/test_other.py"]])
        #expect(pins.group(of: "tests/db/test_a.py") == 0)
        #expect(pins.group(of: "tests/test_other.py") == 1)
        #expect(pins.group(of: "tests/unpinned.py") == nil)
        let applied = pins.apply(units)
        #expect(applied.first { $0.id == "pin:2" }?.members == ["tests/test_cache.py", "tests/test_other.py"])
        #expect(applied.count == 2)
    }

    @Test func pinMarkersIsAListOfMarks() throws {
        let settings = try SettingsDecoder(file: "f.toml", tableName: "f.toml").decode(
            TOMLParser.parse("pin_markers = [\"serial\", \"db\"]\n", file: "f.toml"))
        #expect(settings.pinMarkers == ["serial", "db"])
    }
}

import FanoutAdapters
import FanoutCore
import Foundation
import Testing

/// The regrtest adapter's pure parts: where a workspace keeps CPython's tests, the names regrtest takes, and a
/// batch's arguments to Fanout's regrtest runner.
@Suite struct RegrtestAdapterUnitTests {
    @Test func aCheckoutKeepsItsTestsUnderLibAndACopyAtItsTop() throws {
        let checkout = try TemporaryWorkspace.make(["Lib/test/libregrtest/__init__.py": "", "test/x.py": ""])
        let copy = try TemporaryWorkspace.make(["test/libregrtest/__init__.py": ""])
        let neither = try TemporaryWorkspace.make(["test/test_os.py": ""])
        defer { for root in [checkout, copy, neither] { try? FileManager.default.removeItem(atPath: root) } }
        #expect(RegrtestWorkspace(checkout)?.libraryRoot == checkout + "/Lib")
        #expect(RegrtestWorkspace(copy)?.libraryRoot == copy)
        #expect(RegrtestWorkspace(neither) == nil)
    }

    @Test func pathsBecomeTheNamesRegrtestTakes() throws {
        let root = try TemporaryWorkspace.make([
            "Lib/test/libregrtest/__init__.py": "", "Lib/test/test_os.py": String(repeating: "x", count: 10),
            "Lib/test/test_json/__init__.py": "abc", "Lib/test/test_json/test_dump.py": "abcd",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let layout = try #require(RegrtestWorkspace(root))
        #expect(layout.testName("test_os", workspace: root) == "test_os")
        #expect(layout.testName("Lib/test/test_os.py", workspace: root) == "test_os")
        #expect(layout.testName("Lib/test/test_json", workspace: root) == "test_json")
        #expect(layout.testName("Lib/test/test_json/", workspace: root) == "test_json")
        #expect(layout.testName("Lib/test/test_json/test_dump.py", workspace: root) == "test.test_json.test_dump")
        #expect(layout.testName("test.test_json.test_dump", workspace: root) == "test.test_json.test_dump")
        #expect(layout.sourceSize(of: "test_os") == 10)
        #expect(layout.sourceSize(of: "test_json") == 7)
        #expect(layout.sourceSize(of: "test.test_json.test_dump") == 4)
        #expect(layout.sourceSize(of: "test_missing") == 0)
    }

    @Test func aBatchPassesRegrtestsOptionsThenDeselectionsThenModulesAndSlices() {
        let batch = Batch(
            id: 1, scopes: ["test_bool", "test_os"],
            slices: ["test_os": ["test.test_os.A.test_x", "test.test_os.B.y [2]"]],
            deselected: ["test_bool": ["test.test_bool.BoolTest.test_repr"]], expectedSeconds: 1)
        #expect(
            RegrtestBatchRunner.arguments(batch: batch, regrtestOptions: ["-u", "cpu"]) == [
                "-u", "cpu", "--", "--fanout-deselect", "test_bool::test.test_bool.BoolTest.test_repr", "test_bool",
                "test_os::test.test_os.A.test_x", "test_os::test.test_os.B.y [2]",
            ])
    }

    @Test func aRejectedInvocationIsAUsageErrorThatNamesRegrtest() {
        let batch = Batch(id: 1, scopes: ["test_os"], expectedSeconds: 1)
        var tail = OutputTail()
        tail.append(Array("usage: python -m test [options]\nerror: unrecognized arguments: --bogus\n".utf8))
        let outcome = BatchProcessOutcome(
            batch: batch, worker: WorkerID(host: "local", slot: 1), exitCode: 2, signal: nil, results: [],
            unfinished: [], outputTail: tail, cancelled: false)
        let finish = RegrtestBatchRunner().finish(outcome)
        #expect(finish.usageError?.hasPrefix("regrtest rejected its invocation (exit code 2)") == true)
        #expect(finish.usageError?.contains("unrecognized arguments: --bogus") == true)
    }
}

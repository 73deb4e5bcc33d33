import FanoutAdapters
import FanoutCore
import Testing

/// `--filter` and `--skip` after `--` select a Swift package's tests as `swift test` does; the rest is for the build.
@Suite struct SwiftTestSelectionTests {
    @Test func selectionsAreSplitFromTheBuildArguments() throws {
        let selection = try SwiftTestSelection(arguments: [
            "-c", "release", "--filter", "Cases", "--skip=testB", "-Xswiftc", "-DFLAG",
        ])
        #expect(selection.buildArgs == ["-c", "release", "-Xswiftc", "-DFLAG"])
        #expect(selection.narrows)
        #expect(try !SwiftTestSelection(arguments: ["-c", "release"]).narrows)
    }

    /// Expressions are searched for anywhere in the id; any filter may match, no skip may.
    @Test func aTestRunsWhenAFilterMatchesAndNoSkipDoes() throws {
        let selection = try SwiftTestSelection(arguments: ["--filter", "Cases/", "--filter", "free", "--skip", "B$"])
        #expect(selection.selects("M.Cases/testA"))
        #expect(!selection.selects("M.Cases/testB"))
        #expect(selection.selects("M.free()"))
        #expect(!selection.selects("M.Suite/a()"))
        #expect(try SwiftTestSelection(arguments: ["--skip", "^M\\.Suite"]).selects("M.Cases/testA"))
    }

    @Test func aMissingOrInvalidExpressionIsAClearError() {
        #expect(throws: DiscoveryError.self) { try SwiftTestSelection(arguments: ["--filter"]) }
        let invalid = #expect(throws: DiscoveryError.self) { try SwiftTestSelection(arguments: ["--skip", "(a"]) }
        #expect(invalid?.description.hasPrefix("--skip (a: not a valid regular expression") == true)
    }

    /// A narrowed run names each scope's selected tests, for XCTest and Swift Testing alike.
    @Test func aNarrowedPlanRunsTheSelectedTestsOnly() throws {
        let selection = try SwiftTestSelection(arguments: ["--filter", "testB|b\\(|free"])
        let plan = SwiftBatchPlan(
            products: SwiftTestProducts(binaries: [SwiftBatchPlanTests.binary]), selection: selection)
        let steps = plan.steps(for: Batch(id: 1, scopes: ["M.Cases", "M.Suite", "M.free()"], expectedSeconds: 1))
        #expect(steps.first == ["/b/P.xctest", "M.Cases/testB"])
        #expect(steps.last?[4] == #"^(M\.Suite/b\(x:\)(/|$)|M\.free\(\)(/|$))"#)
        #expect(!plan.holds("M.Other"))
    }
}

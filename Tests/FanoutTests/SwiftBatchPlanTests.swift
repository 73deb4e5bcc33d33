import FanoutAdapters
import FanoutCore
import FanoutPosix
import Testing

/// The processes a batch of a Swift package runs: XCTest's tests by name, Swift Testing's by filter, per binary.
@Suite struct SwiftBatchPlanTests {
    static let binary = SwiftTestProducts.Binary(
        path: "/b/P.xctest", xctestIDs: ["M.Cases/testA", "M.Cases/testB", "M.Other/testC"],
        swiftTestingIDs: ["M.Suite/a()", "M.Suite/b(x:)", "M.free()"], size: 10, modified: 20)
    let plan = SwiftBatchPlan(products: SwiftTestProducts(binaries: [binary]))
    let options = [
        "--no-parallel", "--experimental-event-stream-output", "/dev/stdout", "--experimental-event-stream-version",
        "0",
    ]

    @Test func wholeScopesRunAsAnXCTestRunThenASwiftTestingRun() {
        let batch = Batch(id: 1, scopes: ["M.Cases", "M.Suite", "M.Other", "M.free()"], expectedSeconds: 1)
        #expect(
            plan.steps(for: batch) == [
                ["/b/P.xctest", "M.Cases,M.Other"],
                ["/b/P.xctest", "--testing-library", "swift-testing", "--filter", #"^(M\.Suite/|M\.free\(\))"#]
                    + options,
            ])
    }

    @Test func aBatchOfOneFrameworkRunsOneProcess() {
        #expect(plan.steps(for: Batch(id: 1, scopes: ["M.Other"], expectedSeconds: 1)) == [["/b/P.xctest", "M.Other"]])
        #expect(plan.steps(for: Batch(id: 1, scopes: ["M.free()"], expectedSeconds: 1)).count == 1)
    }

    /// Slices name their tests exactly; tests that already have a result (a batch run again after a crash) are
    /// left out: by name for XCTest, by `--skip` for Swift Testing.
    @Test func slicesAndDeselectedTestsAreExact() {
        let batch = Batch(
            id: 2, scopes: ["M.Cases", "M.Suite", "M.Other"], slices: ["M.Suite": ["M.Suite/a()", "M.Suite/b(x:)"]],
            deselected: ["M.Cases": ["M.Cases/testA"], "M.Suite": ["M.Suite/a()"]], expectedSeconds: 1)
        #expect(
            plan.steps(for: batch) == [
                ["/b/P.xctest", "M.Cases/testB,M.Other"],
                [
                    "/b/P.xctest", "--testing-library", "swift-testing", "--filter",
                    #"^(M\.Suite/a\(\)(/|$)|M\.Suite/b\(x:\)(/|$))"#, "--skip", #"^(M\.Suite/a\(\)(/|$))"#,
                ] + options,
            ])
    }

    @Test func aScopeWithNothingLeftToRunStartsNothing() {
        let batch = Batch(
            id: 3, scopes: ["M.Other"], deselected: ["M.Other": ["M.Other/testC"]], expectedSeconds: 1)
        #expect(plan.steps(for: batch).isEmpty)
    }

    /// An unknown scope goes to XCTest, which runs nothing for it; finishing reports it (SwiftBatchFinishTests).
    @Test func aScopeNoBinaryHoldsRunsNothingAndIsKnownAsMissing() {
        #expect(!plan.holds("M.Gone") && plan.holds("M.Cases") && plan.holds("M.free()"))
        #expect(plan.steps(for: Batch(id: 4, scopes: ["M.Gone"], expectedSeconds: 1)) == [["/b/P.xctest", "M.Gone"]])
    }

    @Test func eachBinaryRunsItsOwnScopes() {
        let other = SwiftTestProducts.Binary(
            path: "/b/Q.xctest", xctestIDs: ["Q.Cases/testQ"], swiftTestingIDs: [], size: 1, modified: 2)
        let plan = SwiftBatchPlan(products: SwiftTestProducts(binaries: [Self.binary, other]))
        #expect(
            plan.steps(for: Batch(id: 5, scopes: ["Q.Cases", "M.Cases"], expectedSeconds: 1)) == [
                ["/b/P.xctest", "M.Cases"], ["/b/Q.xctest", "Q.Cases"],
            ])
    }

    /// A batch of several processes ended as its worst one did: a crash over a failure over a pass.
    @Test func aBatchEndsAsItsFirstCrashElseItsFirstFailure() {
        typealias Termination = ChildProcess.Termination
        #expect(Termination.batch([.exited(1), .exited(0)]) == .exited(1))
        #expect(Termination.batch([.exited(0), .exited(1)]) == .exited(1))
        #expect(Termination.batch([.exited(1), .signalled(4)]) == .signalled(4))
        #expect(Termination.batch([.signalled(4), .exited(0)]) == .signalled(4))
        #expect(Termination.batch([.exited(0), .exited(0)]) == .exited(0))
        #expect(Termination.batch([]) == .exited(0))
    }

    /// XCTest heads its list with a line of its own; SwiftPM's progress lines are not ids either.
    @Test func listingsKeepOnlyIDs() {
        let output = ["Listing 2 tests in debug.xctest:", "", "M.Cases/testA", "[0/1] Planning build", "M.free()"]
        #expect(SwiftTestProducts.listedIDs(output) == ["M.Cases/testA", "M.free()"])
    }
}

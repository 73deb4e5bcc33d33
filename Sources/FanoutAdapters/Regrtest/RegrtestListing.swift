import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Asks libregrtest itself, through Fanout's runner in collect mode, which test names a run has (its findtests,
/// with test packages such as test_asyncio split into their modules) and which tests a module holds (as
/// `--list-cases` loads them, with regrtest's `--match` filters applied).
public struct RegrtestListing: Sendable {
    public let workspace: String
    public let executable: String
    /// Regrtest's own options (`-u`, `-m`, `-x`), as the run passes them.
    public let regrtestOptions: [String]

    public init(workspace: String, executable: String, regrtestOptions: [String]) {
        self.workspace = workspace
        self.executable = executable
        self.regrtestOptions = regrtestOptions
    }

    /// The names regrtest runs for `names` (every test of the workspace when empty), sorted.
    public func testNames(_ names: [String]) throws -> [String] {
        let (listed, termination, tail) = try run(mode: "scopes", names: names)
        guard termination == .exited(0) else {
            throw DiscoveryError("listing the regrtest test names failed (\(termination)): \(tail)")
        }
        return listed.keys.sorted()
    }

    /// The test ids of each of `names`, in regrtest's order; a module skipped as a whole has none.
    public func tests(of names: [String]) throws -> [String: [String]] {
        guard !names.isEmpty else { return [:] }
        let (listed, termination, tail) = try run(mode: "tests", names: names)
        guard termination == .exited(0) else {
            throw DiscoveryError("listing the regrtest tests failed (\(termination)): \(tail)")
        }
        return listed
    }

    private func run(mode: String, names: [String]) throws
        -> (collected: [String: [String]], termination: ChildProcess.Termination, outputTail: String)
    {
        let support = try PrivateDirectory.make(prefix: "fanout-collect-")
        defer { try? FileManager.default.removeItem(atPath: support) }
        try RegrtestBatchRunner().prepare(supportDirectory: support)
        var environment = PythonRunner.environment(
            supportDirectory: support, workspace: workspace, base: SystemInfo.environment)
        environment["FANOUT_COLLECT"] = mode
        let arguments =
            [executable, RegrtestBatchRunner.runnerPath(support)] + regrtestOptions + ["--"] + names
        return try CollectionProcess.run(arguments: arguments, environment: environment, workspace: workspace)
    }
}

import FanoutCore
import FanoutPosix

/// CPython's own test suite run by its regression test runner, libregrtest (`adapter = "regrtest"`): scopes are
/// the test names `python -m test` runs (modules, and the modules of split packages such as test_asyncio), tests
/// are unittest ids; a module skipped or broken as a whole reports one result named after it.
public struct RegrtestFramework: Framework {
    public var name: String { "regrtest" }
    public var ids: any TestIDFormat { DottedTestIDs() }

    public init() {}

    /// A CPython checkout (`Lib/test/libregrtest`) or a workspace holding a `test` package with libregrtest.
    public func claim(_ workspace: String) -> WorkspaceClaim {
        RegrtestWorkspace(workspace) == nil ? .none : .preferred
    }

    /// regrtest's own selection for Fanout's `paths` (test names or paths of test modules), everything without.
    public func discover(_ request: DiscoveryRequest) throws -> [DiscoveredScope] {
        guard let layout = RegrtestWorkspace(request.workspace) else {
            throw DiscoveryError(
                "no CPython test package under \(request.workspace): the regrtest adapter needs Lib/test/libregrtest "
                    + "(a CPython checkout) or test/libregrtest (a copy of an interpreter's Lib/test)")
        }
        let names = (request.paths ?? []).map { layout.testName($0, workspace: request.workspace) }
        let listing = RegrtestListing(
            workspace: request.workspace, executable: request.executable, regrtestOptions: request.frameworkArgs)
        return try listing.testNames(names).filter { !request.excludes.excludes($0) }.map {
            DiscoveredScope(id: $0, sizeBytes: layout.sourceSize(of: $0))
        }
    }

    public func collectTests(_ request: CollectionRequest) throws -> [String: [String]] {
        try RegrtestListing(
            workspace: request.workspace, executable: request.executable, regrtestOptions: request.frameworkArgs
        ).tests(of: request.scopes)
    }

    public func runner() throws -> any BatchRunning { RegrtestBatchRunner() }
}

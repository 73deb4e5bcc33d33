import FanoutCore

/// unittest run by unittest itself (`adapter = "unittest"`): scopes are the modules `unittest discover` would
/// load, tests are unittest ids. It claims no workspace on its own: pytest runs unittest suites too.
public struct UnittestFramework: Framework {
    public var name: String { "unittest" }
    public var ids: any TestIDFormat { DottedTestIDs() }

    public init() {}

    public func claim(_ workspace: String) -> WorkspaceClaim { .none }

    public func discover(_ request: DiscoveryRequest) throws -> [DiscoveredScope] {
        try UnittestDiscovery(paths: request.paths, excludes: request.excludes).discover(workspace: request.workspace)
    }

    public func collectTests(_ request: CollectionRequest) throws -> [String: [String]] {
        try UnittestTestCollector(request).collect(request.scopes)
    }

    public func runner() throws -> any BatchRunning { UnittestBatchRunner() }

    public var hasWarmWorkers: Bool { true }
}

import FanoutCore
import FanoutPosix
import FoundationEssentials

/// A Swift package's XCTest and Swift Testing tests: scopes are XCTestCase classes, suites and free test
/// functions, listed from the built test binaries (`SwiftTestIDs`).
public struct SwiftFramework: Framework {
    public var name: String { "swift" }
    public var ids: any TestIDFormat { SwiftTestIDFormat() }

    public init() {}

    public func claim(_ workspace: String) -> WorkspaceClaim {
        FileManager.default.fileExists(atPath: PathText.join(workspace, "Package.swift")) ? .configured : .none
    }

    public func discover(_ request: DiscoveryRequest) throws -> [DiscoveredScope] {
        try SwiftDiscovery(workspace: request.workspace, swiftArgs: request.frameworkArgs).discover()
    }

    public func collectTests(_ request: CollectionRequest) throws -> [String: [String]] {
        try SwiftDiscovery(workspace: request.workspace, swiftArgs: request.frameworkArgs).collect(request.scopes)
    }

    public func runner() throws -> any BatchRunning { SwiftBatchRunner() }
}

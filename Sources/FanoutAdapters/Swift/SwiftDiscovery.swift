import FanoutCore
import FanoutPosix
import FoundationEssentials

/// A Swift package's tests: built once per state of its sources (`SwiftPackageBuild`), then listed from the
/// built test binaries, XCTest and Swift Testing alike. Scopes are XCTestCase classes, Swift Testing suites and
/// free test functions.
public struct SwiftDiscovery: Sendable {
    public let workspace: String
    /// Arguments for `swift build` (`-c release`, say), and `--filter`/`--skip` selections.
    public let swiftArgs: [String]

    public init(workspace: String, swiftArgs: [String]) {
        self.workspace = workspace
        self.swiftArgs = swiftArgs
    }

    /// Every selected test id: each binary's XCTest tests, then its Swift Testing tests.
    public func testIDs() throws -> [String] {
        let selection = try SwiftTestSelection(arguments: swiftArgs)
        let products = try SwiftPackageBuild(
            workspace: workspace, swiftArgs: selection.buildArgs, environment: SystemInfo.environment
        ).products()
        return selection.applied(to: products).testIDs
    }

    public func discover() throws -> [DiscoveredScope] {
        var seen: Set<String> = []
        return try testIDs().map(SwiftTestIDs.scope).filter { seen.insert($0).inserted }.sorted()
            .map { DiscoveredScope(id: $0) }
    }

    /// Test ids of `scopes`, in listing order.
    public func collect(_ scopes: [String]) throws -> [String: [String]] {
        let wanted = Set(scopes)
        var collected: [String: [String]] = [:]
        for id in try testIDs() where wanted.contains(SwiftTestIDs.scope(of: id)) {
            collected[SwiftTestIDs.scope(of: id), default: []].append(id)
        }
        return collected
    }
}

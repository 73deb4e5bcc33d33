import FanoutCore
import FanoutPosix
import Foundation

/// A Swift package's tests: built once (`swift build --build-tests`; SwiftPM's build cache keeps rebuilds
/// cheap), then listed from the built products (`swift test list --skip-build`), XCTest and Swift Testing
/// alike. Scopes are XCTestCase classes, Swift Testing suites and free test functions.
public struct SwiftDiscovery: Sendable {
    public let workspace: String
    /// Arguments for `swift build` and `swift test` (`-c release`, say).
    public let swiftArgs: [String]

    public init(workspace: String, swiftArgs: [String]) {
        self.workspace = workspace
        self.swiftArgs = swiftArgs
    }

    /// Every test id, in the order SwiftPM lists them.
    public func testIDs() throws -> [String] {
        let (built, output) = try CapturedCommand.run(
            ["swift", "build", "--build-tests"] + swiftArgs, workspace: workspace, environment: SystemInfo.environment)
        guard built == .exited(0) else {
            throw DiscoveryError(
                "`swift build --build-tests` failed in \(workspace) (\(built)):\n\(output.lastLines(30))")
        }
        let lines = try CommandDiscovery(list: ["swift", "test", "list", "--skip-build"] + swiftArgs)
            .discover(workspace: workspace).map(\.id)
        // Progress lines ("[0/1] Planning build") are not ids; ids have no spaces.
        return lines.filter { !$0.contains(" ") && !$0.hasPrefix("[") }
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

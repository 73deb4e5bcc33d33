import FanoutCore

/// The processes that run one batch of a Swift package: for each test binary that holds some of the batch, one
/// XCTest run (its tests named as `Module.Class[/test]`, comma-separated) and one Swift Testing run (a `--filter`
/// regular expression), as `swift test` would start them but without SwiftPM's own start-up on every batch.
public struct SwiftBatchPlan: Sendable {
    public let products: SwiftTestProducts
    /// Each scope's binary (an index into `products.binaries`) and whether its tests are Swift Testing's.
    private let locations: [String: (binary: Int, swiftTesting: Bool)]
    /// XCTest's tests by scope, in listing order.
    private let xctestTests: [String: [String]]
    /// Swift Testing's tests by scope, in listing order.
    private let swiftTestingTests: [String: [String]]
    /// Whether the run selected some tests only (`--filter`, `--skip`): a scope then runs its listed tests only.
    private let narrowed: Bool

    /// A plan for `products` with only the tests `selection` selects.
    public init(products: SwiftTestProducts, selection: SwiftTestSelection? = nil) {
        let products = selection?.applied(to: products) ?? products
        self.products = products
        narrowed = selection?.narrows ?? false
        var locations: [String: (binary: Int, swiftTesting: Bool)] = [:]
        var xctestTests: [String: [String]] = [:]
        var swiftTestingTests: [String: [String]] = [:]
        for (index, binary) in products.binaries.enumerated() {
            for id in binary.xctestIDs {
                let scope = SwiftTestIDs.scope(of: id)
                if locations[scope] == nil { locations[scope] = (index, false) }
                xctestTests[scope, default: []].append(id)
            }
            for id in binary.swiftTestingIDs {
                let scope = SwiftTestIDs.scope(of: id)
                if locations[scope] == nil { locations[scope] = (index, true) }
                swiftTestingTests[scope, default: []].append(id)
            }
        }
        self.locations = locations
        self.xctestTests = xctestTests
        self.swiftTestingTests = swiftTestingTests
    }

    /// Whether some binary holds `scope`.
    public func holds(_ scope: String) -> Bool { locations[scope] != nil }

    /// argv of each process, in order; XCTest's runs print their results on stdout, Swift Testing's write their
    /// JSON event stream there.
    public func steps(for batch: Batch) -> [[String]] {
        var xctest: [Int: [String]] = [:]
        var swiftTesting: [Int: [String]] = [:]
        for scope in batch.scopes {
            // A scope no binary has goes to the first binary's XCTest run, which runs nothing for it: finishing
            // then reports it as missing.
            let location = locations[scope] ?? (binary: 0, swiftTesting: false)
            if location.swiftTesting {
                swiftTesting[location.binary, default: []].append(scope)
            } else if let names = xctestNames(scope, batch: batch) {
                xctest[location.binary, default: []] += names
            }
        }
        return products.binaries.indices.flatMap { index -> [[String]] in
            let path = products.binaries[index].path
            var steps: [[String]] = []
            if let names = xctest[index] { steps.append([path, names.joined(separator: ",")]) }
            if let scopes = swiftTesting[index] {
                // A narrowed run names each scope's selected tests, as a slice does.
                let tests = narrowed ? swiftTestingTests.merging(batch.slices) { _, slice in slice } : batch.slices
                let skip = SwiftTestIDs.skip(batch.deselected.filter { scopes.contains($0.key) })
                steps.append(
                    [path, "--testing-library", "swift-testing", "--filter", SwiftTestIDs.filter(scopes, tests)]
                        + (skip.map { ["--skip", $0] } ?? []) + Self.swiftTestingOptions)
            }
            return steps
        }
    }

    /// One test at a time, as XCTest runs them, so that a crash or a timeout names the one test that was running
    /// (Fanout's slots are the parallelism); events on stdout as tests end.
    static let swiftTestingOptions = [
        "--no-parallel", "--experimental-event-stream-output", "/dev/stdout", "--experimental-event-stream-version",
        "0",
    ]

    /// XCTest's names for a scope's part of the batch: the class, or its slice's tests or its listed (selected)
    /// tests without the deselected ones; nil when nothing of it is left to run.
    private func xctestNames(_ scope: String, batch: Batch) -> [String]? {
        let deselected = Set(batch.deselected[scope] ?? [])
        guard let wanted = batch.slices[scope] ?? (deselected.isEmpty && !narrowed ? nil : xctestTests[scope]) else {
            return [scope]
        }
        let left = wanted.filter { !deselected.contains($0) }
        return left.isEmpty ? nil : left
    }
}

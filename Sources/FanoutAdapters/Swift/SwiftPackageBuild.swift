import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Builds a Swift package's tests (`swift build --build-tests`) and lists what was built, once per state of its
/// sources: a stamp in `.build` keeps the hash of the sources (the manifests, Package.resolved, `.swiftpm` and
/// the targets' directories, as `swift package describe` names them; a report written beside them does not
/// count), build arguments and toolchain that the last build saw, with the test binaries it listed. While the
/// hash and the binaries on disk are unchanged, the build and the listing are skipped: SwiftPM's own no-op build
/// costs seconds (manifest, resolution, planning), on every host and again in the controller.
public struct SwiftPackageBuild: Sendable {
    public let workspace: String
    /// Arguments for `swift build` (`-c release`, say).
    public let swiftArgs: [String]
    public let environment: [String: String]

    public init(workspace: String, swiftArgs: [String], environment: [String: String]) {
        self.workspace = workspace
        self.swiftArgs = swiftArgs
        self.environment = environment
    }

    private struct Stamp: Codable {
        var sourceHash: String
        /// What the hash covers, relative to the workspace; nil: every file outside hidden directories.
        var inputs: [String]?
        var products: SwiftTestProducts
    }

    /// The package's test binaries and their tests, built first unless the stamp vouches for them.
    public func products() throws -> SwiftTestProducts {
        let stampPath =
            workspace + "/.build/fanout-build-" + SHA256.hex(Array(swiftArgs.joined(separator: "\0").utf8)).prefix(16)
            + ".json"
        if let data = FileManager.default.contents(atPath: stampPath),
            let stamp = try? JSONDecoder().decode(Stamp.self, from: data),
            SwiftSourceHash.compute(
                workspace: workspace, inputs: stamp.inputs, swiftArgs: swiftArgs, environment: environment)
                == stamp.sourceHash,
            stamp.products.binaries.allSatisfy({ Self.signature($0.path) == ($0.size, $0.modified) })
        {
            return stamp.products
        }
        // SwiftPM leaves one to three `TemporaryDirectory.*` directories in TMPDIR on every call: give it one of
        // ours, removed afterwards, rather than the host's.
        let scratch = try? PrivateDirectory.make(prefix: "fanout-swiftpm-")
        defer { if let scratch { try? FileManager.default.removeItem(atPath: scratch) } }
        let tool = SwiftPackageBuild(
            workspace: workspace, swiftArgs: swiftArgs,
            environment: scratch.map { environment.merging(["TMPDIR": $0]) { _, new in new } } ?? environment)
        try tool.build()
        let products = try tool.list()
        // Hashed after the build, which may have written Package.resolved.
        let inputs = tool.buildInputs()
        if let hash = SwiftSourceHash.compute(
            workspace: workspace, inputs: inputs, swiftArgs: swiftArgs, environment: environment),
            let data = try? JSONEncoder().encode(Stamp(sourceHash: hash, inputs: inputs, products: products))
        {
            try? AtomicFile.write(data, to: stampPath)
        }
        return products
    }

    /// The manifests, Package.resolved, `.swiftpm` and every target's directory; nil when the package cannot be
    /// described (the hash then covers everything) or a target is the package's root itself.
    private func buildInputs() -> [String]? {
        guard
            let described = try? CommandDiscovery.lines(
                of: ["swift", "package", "describe", "--type", "json"], workspace: workspace,
                environment: environment), described.termination == .exited(0),
            let description = try? JSONDecoder().decode(
                PackageDescription.self, from: Data(described.lines.joined(separator: "\n").utf8))
        else { return nil }
        let paths = description.targets.compactMap(\.path)
        guard paths.count == description.targets.count, !paths.contains(where: { $0.isEmpty || $0 == "." }) else {
            return nil
        }
        let manifests = ((try? FileManager.default.contentsOfDirectory(atPath: workspace)) ?? [])
            .filter { $0.hasPrefix("Package") && $0.hasSuffix(".swift") }
        return (manifests + ["Package.resolved", ".swiftpm"] + paths).sorted()
    }

    private func build() throws {
        let (termination, output) = try CapturedCommand.run(
            ["swift", "build", "--build-tests"] + swiftArgs, workspace: workspace, environment: environment)
        guard termination == .exited(0) else {
            throw DiscoveryError(
                "`swift build --build-tests` failed in \(workspace) (\(termination)):\n\(output.lastLines(30))")
        }
    }

    /// The test binaries SwiftPM's build description names (the file `swift test` reads them from), each with
    /// its tests.
    private func list() throws -> SwiftTestProducts {
        let binPath = try CommandDiscovery.lines(
            of: ["swift", "build", "--show-bin-path"] + swiftArgs, workspace: workspace, environment: environment)
        guard binPath.termination == .exited(0), let directory = binPath.lines.last(where: { $0.hasPrefix("/") })
        else { throw DiscoveryError("`swift build --show-bin-path` failed in \(workspace): \(binPath.errors)") }
        let paths = Self.testBinaries(in: directory)
        guard !paths.isEmpty else {
            throw DiscoveryError("the build made no test binary in \(directory): does the package have test targets?")
        }
        let swiftTesting = Self.hasSwiftTesting(environment)
        return SwiftTestProducts(
            binaries: try paths.map { path in
                let signature = Self.signature(path)
                return SwiftTestProducts.Binary(
                    path: path, xctestIDs: try listing([path, "--list-tests"], allowEmpty: false),
                    swiftTestingIDs: swiftTesting
                        ? try listing([path, "--testing-library", "swift-testing", "--list-tests"], allowEmpty: true)
                        : [],
                    size: signature.size, modified: signature.modified)
            })
    }

    /// Test ids a binary lists; Swift Testing exits 69 when the binary has none of its tests.
    private func listing(_ arguments: [String], allowEmpty: Bool) throws -> [String] {
        let listed = try CommandDiscovery.lines(of: arguments, workspace: workspace, environment: environment)
        guard listed.termination == .exited(0) || (allowEmpty && listed.termination == .exited(69)) else {
            throw DiscoveryError(
                "`\(arguments.joined(separator: " "))` could not list its tests (\(listed.termination)): \(listed.errors)"
            )
        }
        return SwiftTestProducts.listedIDs(listed.lines)
    }

    /// From `description.json` in the bin directory; when it is missing or unreadable, the `*.xctest` files there.
    static func testBinaries(in directory: String) -> [String] {
        if let data = FileManager.default.contents(atPath: directory + "/description.json"),
            let products = (try? JSONDecoder().decode(BuildDescription.self, from: data))?.builtTestProducts
        {
            let paths = products.compactMap(\.binaryPath)
                .filter { FileManager.default.isExecutableFile(atPath: $0) }
            if !paths.isEmpty { return paths.sorted() }
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".xctest") }.map { directory + "/" + $0 }
            .filter { FileManager.default.isExecutableFile(atPath: $0) }.sorted()
    }

    static func signature(_ path: String) -> (size: Int, modified: Double) {
        let status = FileStatus.of(path)
        return (status?.size ?? -1, status?.modified ?? -1)
    }

    /// Swift Testing comes with Swift 6; older toolchains' test binaries run XCTest alone.
    static func hasSwiftTesting(_ environment: [String: String]) -> Bool {
        let version = try? CapturedCommand.run(["swift", "--version"], workspace: "/", environment: environment)
        guard let text = version?.output.text, let range = text.firstRange(of: "Swift version "),
            let major = Int(text[range.upperBound...].prefix { $0.isNumber })
        else { return false }
        return major >= 6
    }

    /// The part of `swift package describe --type json` the stamp needs.
    private struct PackageDescription: Decodable {
        struct Target: Decodable { var path: String? }
        var targets: [Target]
    }

    /// The part of SwiftPM's `description.json` that names the test binaries.
    private struct BuildDescription: Decodable {
        struct Product: Decodable { var binaryPath: String? }
        var builtTestProducts: [Product]?
    }
}

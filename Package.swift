// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Fanout",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fanout", targets: ["fanout"]),
        .executable(name: "fanout-agent", targets: ["fanout-agent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // Pure core: models, history, weighing, queue and run state machines, result merge. No I/O.
        .target(name: "FanoutCore", dependencies: ["CFanoutDigest"]),
        // SHA-256 from OpenSSL's libcrypto (Debian: libssl-dev, which libssh2-1-dev already needs). The static archive
        // puts 20 KB into the agent, which must not need a libcrypto on every host; where libssh2 links the shared
        // libcrypto (the controller), that one serves.
        .target(
            name: "CFanoutDigest",
            linkerSettings: [.unsafeFlags(["-Xlinker", "-l:libcrypto.a"], .when(platforms: [.linux]))]),
        // Wire messages between controller and agent.
        .target(name: "FanoutProtocol", dependencies: ["FanoutCore"]),
        // C shim for posix_spawn extensions that need _GNU_SOURCE.
        .target(name: "CFanoutSpawn"),
        // libssh2 from the system (Debian: libssh2-1-dev); FanoutSSH is its only importer.
        .systemLibrary(name: "CLibSSH2", pkgConfig: "libssh2", providers: [.apt(["libssh2-1-dev"])]),
        .target(name: "FanoutSSH", dependencies: ["CLibSSH2", "FanoutCore", "FanoutPosix"]),
        // Thin POSIX shell: processes, pipes, signals, files.
        .target(name: "FanoutPosix", dependencies: ["CFanoutSpawn", "FanoutCore"]),
        // TOML and INI readers (pure): fanout.toml, and frameworks' own config files.
        .target(name: "FanoutFormats", dependencies: ["FanoutCore"]),
        // Fanout's settings: finding, reading and checking them. Not linked into the agent.
        .target(name: "FanoutConfig", dependencies: ["FanoutCore", "FanoutFormats"]),
        // One folder per framework (Pytest, Unittest, Django, Swift, Command), each implementing `Framework`:
        // discovery and collection for the controller, the batch runner for the agent. Their Python (`*.py`) is
        // embedded at build time by EmbedPythonPlugin, a plugin of this package's own (nothing to fetch or build).
        // Config files reach them through `ProjectConfigReading`, so the agent links no config parser.
        .target(
            name: "FanoutAdapters", dependencies: ["FanoutCore", "FanoutPosix"], plugins: ["EmbedPythonPlugin"]),
        .executableTarget(name: "EmbedPythonTool"),
        .plugin(
            name: "EmbedPythonPlugin", capability: .buildTool(), dependencies: ["EmbedPythonTool"],
            path: "Sources/EmbedPythonPlugin"),
        .target(
            name: "FanoutAgent",
            dependencies: ["CFanoutSpawn", "FanoutCore", "FanoutProtocol", "FanoutAdapters", "FanoutPosix"]),
        // Reporters. The HTML report's page, style and script (`HTML/fanout_report.*`) are embedded at build time.
        .target(name: "FanoutReport", dependencies: ["FanoutCore", "FanoutPosix"], plugins: ["EmbedPythonPlugin"]),
        .target(
            name: "FanoutController",
            dependencies: [
                "FanoutCore", "FanoutProtocol", "FanoutAdapters", "FanoutConfig", "FanoutFormats", "FanoutPosix",
                "FanoutReport", "FanoutSSH",
            ]),
        .executableTarget(
            name: "fanout",
            dependencies: [
                "FanoutAdapters", "FanoutConfig", "FanoutController", "FanoutCore", "FanoutFormats", "FanoutPosix",
                "FanoutProtocol", "FanoutReport", "FanoutSSH",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // The agent runs on hosts without a Swift toolchain: the Swift runtime is linked into it.
        .executableTarget(
            name: "fanout-agent", dependencies: ["FanoutAgent", "FanoutPosix", "FanoutProtocol"],
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-static-stdlib", "-lFoundationEssentials", "-l_FoundationCShims", "-l_FoundationCollections",
                        "-lswiftSynchronization", "-lswift_StringProcessing", "-lswift_RegexParser",
                    ], .when(platforms: [.linux])),
                // Line tables stay in debug builds; a release agent keeps its symbols (backtraces name functions).
                .unsafeFlags(["-Xlinker", "--strip-debug"], .when(platforms: [.linux], configuration: .release)),
            ]),
        // Benchmarks/run's controller-scale figures: the real coordinator and protocol, in one process.
        .executableTarget(
            name: "fanout-controller-scale", dependencies: ["FanoutCore", "FanoutProtocol"],
            path: "Benchmarks/ControllerScale"),
        .testTarget(
            name: "FanoutTests",
            dependencies: [
                "FanoutCore", "FanoutProtocol", "FanoutFormats", "FanoutConfig", "FanoutAdapters", "FanoutReport",
                "FanoutController", "FanoutSSH", "FanoutPosix",
            ]),
        .testTarget(
            name: "FanoutIntegrationTests",
            dependencies: ["FanoutAdapters", "FanoutCore", "FanoutReport"]),
    ]
)

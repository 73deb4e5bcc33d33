import ArgumentParser
import FanoutAdapters
import FanoutConfig
import FanoutController
import FanoutCore
import FanoutFormats
import FanoutPosix
import FanoutProtocol
import FanoutReport
import Foundation

/// `fanout run`: the main job.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the workspace's tests; arguments after `--` go to the framework.",
        discussion: """
            Exit codes are pytest's: 0 all passed, 1 tests failed, 2 interrupted, 3 internal error, \
            4 usage error, 5 no tests collected.
            """)

    @Argument(help: "The directory under test (default: the current directory).")
    var workspace: String = "."

    @Option(
        name: [.customShort("n"), .customLong("slots")],
        help: "Concurrent test processes per host (default: each host's CPU count, or its configured slots).")
    var slots: Int?

    @Option(
        help:
            "Adapter to use (default: detected from the workspace). Known: \(Frameworks.names.joined(separator: ", "))."
    )
    var adapter: String?

    @Option(help: "Python interpreter for Python adapters (default: python3).")
    var python: String?

    @Option(name: .customLong("exclude"), help: "Glob of files or directories to leave out (repeatable).")
    var excludes: [String] = []

    @Option(name: .customLong("json"), help: "Write the JSON report (docs/report-schema.md) to this path.")
    var jsonPath: String?

    @Option(name: .customLong("junit-xml"), help: "Write a JUnit XML report to this path.")
    var junitPath: String?

    @Option(
        name: .customLong("artifact"),
        help: "A workspace-relative glob of files tests write, brought back from every host (repeatable).")
    var artifacts: [String] = []

    @Flag(name: .shortAndLong, help: "Print only failures, problems and the summary.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print a line for every test, not only for failures.")
    var verbose = false

    @Option(name: .customLong("html"), help: "Write a self-contained HTML report (timeline, failures) to this path.")
    var htmlPath: String?

    @Option(
        name: .customLong("split"),
        help: "Split oversized files into test slices: auto, off, or a glob of files that may be split (repeatable).")
    var split: [String] = []

    @Option(
        name: .customLong("maxfail"),
        help: "Stop the whole run after this many failed tests; the rest is reported not run.")
    var maxFailures: Int?

    @Option(help: "Run the N fastest tests that passed last time first, alone; stop if they all fail.")
    var smoke: Int?

    @Flag(
        name: .customLong("no-warm"),
        help: "Start a new test process per batch instead of forking each slot's warm worker (config: warm = false).")
    var noWarm = false

    @Flag(
        name: .customLong("keep-db"),
        help:
            "Keep the per-worker test databases (Django's) for the next run instead of dropping them (config: keep_db)."
    )
    var keepDatabases = false

    @Flag(name: [.customLong("lf"), .customLong("last-failed")], help: "Run only the tests that failed last time.")
    var lastFailed = false

    @Option(help: "Seconds one test may run; past that its process group is stopped and the test reported as timeout.")
    var timeout: Double?

    @Option(help: "Seconds one batch may run (config: batch_timeout).")
    var batchTimeout: Double?

    @Option(help: "Run a failed test again up to N times; one that then passes is reported flaky (config: retries).")
    var retries: Int?

    @Flag(help: "Make flaky tests (failed, then passed on a retry) fail the run.")
    var flakyFail = false

    @Flag(
        help: ArgumentHelp(
            "When a slot has no work left and another slot's batch runs far past its expected time, run a copy of "
                + "that batch on the idle slot; the first to end counts (config: speculate). Only for tests "
                + "without side effects."))
    var speculate = false

    @Option(help: "Seconds without any message (agents send a heartbeat every 2 s) after which a host is lost.")
    var heartbeatTimeout: Double?

    @Option(
        help: ArgumentHelp(
            "Seconds each stage of a host's setup (probe, agent upload, sync without progress, the agent's start) "
                + "may take before the host is left out (config: setup_timeout; default 30)."))
    var setupTimeout: Double?

    @Option(
        name: .customLong("env"),
        help: ArgumentHelp(
            "Set KEY=VALUE in every test process's environment, on every host (repeatable).", valueName: "KEY=VALUE"))
    var environment: [String] = []

    @Option(help: "At most this many files per batch (1: every file in its own test process).")
    var maxBatchFiles: Int?

    @Flag(help: "Print the files and tests this run would run, and exit.")
    var list = false

    @Option(help: "Run only shard I of N of a static plan, e.g. 2/4 (for CI matrices).")
    var shard: String?

    @Option(help: "Plan file for --shard, from `fanout plan --shards N --output FILE` (default: computed).")
    var plan: String?

    @OptionGroup var hostOptions: HostOptions

    @Option(
        help:
            "Agent binary uploaded to hosts (default: fanout-agent next to fanout; build it with --static-swift-stdlib)."
    )
    var agent: String?

    @Argument(parsing: .postTerminator, help: "Arguments passed to the framework for every batch.")
    var frameworkArgs: [String] = []

    func validate() throws {
        if let slots, slots < 1 { throw ValidationError("--slots must be at least 1, got \(slots)") }
        if quiet && verbose { throw ValidationError("-q and -v do not mix: give one") }
        if let shard, Self.parseShard(shard) == nil {
            throw ValidationError("--shard takes I/N with 1 <= I <= N, e.g. 2/4; got \(shard)")
        }
        if plan != nil && shard == nil { throw ValidationError("--plan needs --shard I/N") }
        if lastFailed && shard != nil {
            throw ValidationError("--lf and --shard do not mix: a shard's plan is fixed; run --lf without --shard")
        }
        for (name, value) in [
            ("--timeout", timeout), ("--batch-timeout", batchTimeout), ("--heartbeat-timeout", heartbeatTimeout),
            ("--setup-timeout", setupTimeout),
        ] {
            if let value, !(value > 0) {
                throw ValidationError("\(name) must be a positive number of seconds, got \(value)")
            }
        }
        for pair in environment where pair.hasPrefix("=") || !pair.contains("=") {
            throw ValidationError("--env takes KEY=VALUE, got \(pair)")
        }
        if let retries, retries < 0 { throw ValidationError("--retries must be 0 or more, got \(retries)") }
        if let maxBatchFiles, maxBatchFiles < 1 {
            throw ValidationError("--max-batch-files must be at least 1, got \(maxBatchFiles)")
        }
        if let smoke, smoke < 1 { throw ValidationError("--smoke must be at least 1, got \(smoke)") }
        if let maxFailures, maxFailures < 1 {
            throw ValidationError("--maxfail must be at least 1, got \(maxFailures)")
        }
    }

    static func parseShard(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
            (1...count).contains(index)
        else { return nil }
        return (index, count)
    }

    func run() throws {
        let options: RunOptions
        do {
            options = try resolveOptions()
        } catch {
            fail("\(error)", code: .usageError)
        }
        if list { listRun(options) }
        var reporters: [any RunReporter] = [consoleReporter()]
        if let jsonPath { reporters.append(FileReportSink(format: .json, path: jsonPath)) }
        if let htmlPath { reporters.append(FileReportSink(format: .html, path: htmlPath)) }
        if let junitPath, let framework = Frameworks.named(options.adapter.name, command: options.adapter.command) {
            reporters.append(FileReportSink(format: .junit(framework.ids), path: junitPath))
        }
        let outcome: (report: RunReport, reporterErrors: [String])
        let controller = RunController(options: options, reporters: reporters)
        do {
            outcome = try controller.run()
        } catch let error as DiscoveryError {
            fail("\(error)", code: .usageError)
        } catch let error as ConfigError {
            fail("\(error)", code: .usageError)
        } catch let error as PlanError {
            fail("\(error)", code: .usageError)
        } catch let error as ControllerError {
            fail("\(error)", code: .usageError)
        } catch {
            fail("\(error)", code: .internalError)
        }
        for problem in outcome.reporterErrors { StandardStream.error.write("fanout: \(problem)\n") }
        let code = outcome.reporterErrors.isEmpty ? outcome.report.exitCode : .internalError
        throw ArgumentParser.ExitCode(Self.printCoverage(of: controller, code: code).rawValue)
    }

    /// Prints the run's coverage report (`--cov`), and the run's exit code with its verdict: pytest-cov counts a
    /// missed minimum as a failed test, and a report that could not be made is an internal error.
    static func printCoverage(of controller: RunController, code: FanoutCore.ExitCode) -> FanoutCore.ExitCode {
        var code = code
        if let coverage = controller.coverageOutcome {
            StandardStream.output.write(coverage.text)
            if coverage.failedUnder && code == .allPassed { code = .testsFailed }
        }
        if let problem = controller.coverageProblem {
            StandardStream.error.write("fanout: error: \(problem)\n")
            if code == .allPassed { code = .internalError }
        }
        return code
    }

    private func resolveOptions() throws -> RunOptions {
        let root = URL(fileURLWithPath: workspace).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ControllerError("workspace \(root) does not exist or is not a directory")
        }
        let settings = try SettingsLoader.load(workspace: root)
        let adapterName = try AdapterChoice.resolve(flag: adapter, settings: settings, workspace: root).name
        let agentPath = SystemInfo.environment["FANOUT_AGENT_PATH"] ?? Self.siblingExecutable("fanout-agent")
        var hosts = try hostOptions.resolve(
            settings: settings, connectTimeout: setupTimeout ?? settings.setupTimeout ?? RunOptions.defaultSetupTimeout)
        if let slots { hosts = hosts.map { RemoteHost(target: $0.target, slots: slots, workspace: $0.workspace) } }
        var options = RunOptions(
            workspace: root, slots: slots ?? settings.slots ?? SystemInfo.cpuCount,
            adapter: AdapterSpec(
                name: adapterName, executable: python ?? settings.python ?? "python3",
                frameworkArgs: settings.args + frameworkArgs,
                environment: Dictionary(
                    environment.map { pair in
                        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
                    }, uniquingKeysWith: { _, last in last }), warm: !noWarm && (settings.warm ?? true),
                warmImports: settings.warmImports, command: settings.command?.spec,
                testTimeout: timeout ?? settings.timeout, batchTimeout: batchTimeout ?? settings.batchTimeout),
            paths: settings.paths, exclude: settings.exclude + excludes, agentPath: agentPath,
            runID: Self.makeRunID(), hosts: hosts, remoteAgentPath: agent ?? agentPath,
            fanoutPath: SystemInfo.executablePath, split: Self.splitMode(split.isEmpty ? settings.split ?? [] : split),
            shard: shard.flatMap(Self.parseShard),
            planPath: plan, maxFailures: maxFailures, pins: PinGroups(settings.pin), pinMarkers: settings.pinMarkers,
            smoke: smoke,
            isolation: settings.isolated.map(\.rule), lastFailed: lastFailed)
        options.maxBatchFiles = maxBatchFiles
        options.heartbeatTimeout = heartbeatTimeout
        options.setupTimeout = setupTimeout ?? settings.setupTimeout ?? RunOptions.defaultSetupTimeout
        options.retries = retries ?? settings.retries ?? 0
        options.flakyFails = flakyFail
        options.speculateAll = speculate || (settings.speculate ?? false)
        options.speculateMarkers = settings.speculateMarkers
        options.adapter.tmpfs = settings.tmpfs ?? true
        options.adapter.keepDatabases = keepDatabases || (settings.keepDatabases ?? false)
        options.hostSetup = settings.hostSetup
        options.workerSetup = settings.workerSetup
        options.database = settings.database
        options.artifacts = settings.artifacts + artifacts
        options.coverage = try RunController.requestedCoverage(adapter: options.adapter, workspace: root)
        options.adapter.coverage = options.coverage != nil
        return options
    }

    /// Prints what the run would run and exits: 0, or 5 when it would run nothing.
    private func listRun(_ options: RunOptions) -> Never {
        do {
            let plan = try RunPlanning.plan(options)
            let framework = try WorkspaceFramework(options)
            let testsKnown = framework.framework.collectsTests
            let collected = testsKnown ? try framework.collect(RunListing.wholeFiles(of: plan)) : [:]
            var listing = RunListing(plan: plan, collected: collected)
            listing.testsKnown = testsKnown
            StandardStream.output.write(listing.text)
            Foundation.exit(listing.entries.isEmpty ? FanoutCore.ExitCode.noTestsCollected.rawValue : 0)
        } catch {
            fail("\(error)", code: .usageError)
        }
    }

    /// `auto`, `off` (also when nothing is set), or the patterns of files that may be split.
    static func splitMode(_ values: [String]) -> ScopeSplitter.Mode {
        if values.isEmpty || values.contains("off") { return .off }
        if values.contains("auto") { return .auto }
        return .patterns(values.map { GlobPattern($0) })
    }

    /// A program installed next to this `fanout`.
    static func siblingExecutable(_ name: String) -> String {
        ((SystemInfo.executablePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
    }

    static func makeRunID() -> String {
        String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))
    }

    /// On a terminal, the live status below the lines (unless TERM is dumb); elsewhere (CI logs) plain lines only.
    private func consoleReporter() -> any RunReporter {
        let style = ConsoleStyle.forStandardOutput()
        let verbosity: ConsoleVerbosity = quiet ? .quiet : verbose ? .verbose : .normal
        let write = { (text: String) in StandardStream.output.write(text) }
        let terminal = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        guard terminal else { return ConsoleReporter(style: style, verbosity: verbosity, write: write) }
        return LiveConsole(
            style: style, verbosity: verbosity, width: { TerminalSize.columns(STDOUT_FILENO) },
            clock: { SystemInfo.now }, write: write)
    }

    private func fail(_ message: String, code: FanoutCore.ExitCode) -> Never {
        StandardStream.error.write("fanout: error: \(message)\n")
        Foundation.exit(code.rawValue)
    }
}

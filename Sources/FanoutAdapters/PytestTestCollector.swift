import FanoutCore
import FanoutPosix
import Foundation

/// Lists the test ids of chosen files by running pytest's collection (no tests run) with Fanout's plugin,
/// which reports every collected node id on descriptor 3. Used only for files that are to be split.
public struct PytestTestCollector: Sendable {
    public let workspace: String
    public let python: String
    public let frameworkArgs: [String]

    public init(workspace: String, python: String, frameworkArgs: [String]) {
        self.workspace = workspace
        self.python = python
        self.frameworkArgs = frameworkArgs
    }

    /// Test ids per scope, in collection order. Scopes that fail to collect are left out (their batch will
    /// report the collection error). `extraArgs` narrow the selection (`-m serial`).
    public func collect(_ scopes: [String], extraArgs: [String] = []) throws -> [String: [String]] {
        guard !scopes.isEmpty else { return [:] }
        let support = FileManager.default.temporaryDirectory.appendingPathComponent("fanout-collect-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: support) }
        let runner = PytestBatchRunner()
        try runner.prepare(supportDirectory: support)
        var environment = SystemInfo.environment.merging(
            PytestBatchRunner.pluginEnvironment(supportDirectory: support, workspace: workspace)
        ) { _, plugin in plugin }
        environment["FANOUT_COLLECT"] = "1"
        let arguments =
            [python, "-c", PytestPluginSource.bootstrap, "--collect-only", "-q", "--continue-on-collection-errors"]
            + frameworkArgs + extraArgs + PytestSelection.arguments(wholeFiles: scopes, testIDs: [])
        let results = try PipePair()
        let output = try PipePair()
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { FileDescriptorIO.close(devNull) }
        let process = try ChildProcess.spawn(
            arguments: arguments, environment: environment, workingDirectory: workspace,
            descriptors: [
                (devNull, 0), (output.writeEnd, 1), (output.writeEnd, 2),
                (results.writeEnd, PytestBatchRunner.resultDescriptor),
            ],
            newProcessGroup: true)
        FileDescriptorIO.close(results.writeEnd)
        FileDescriptorIO.close(output.writeEnd)
        let tail = Locked(OutputTail(capacity: 8192))
        let outputFD = output.readEnd
        Threads.start("fanout-collect-output") {
            while let chunk = try? FileDescriptorIO.read(outputFD), !chunk.isEmpty {
                tail.withLock { $0.append(chunk) }
            }
            FileDescriptorIO.close(outputFD)
        }
        var splitter = LineSplitter()
        var collected: [String: [String]] = [:]
        func handle(_ line: [UInt8]) {
            guard let event = try? JSONDecoder().decode(PluginEvent.self, from: Data(line)), event.event == "collected"
            else { return }
            collected[event.scope, default: []].append(event.id)
        }
        while let chunk = try? FileDescriptorIO.read(results.readEnd), !chunk.isEmpty {
            for line in splitter.push(chunk) { handle(line) }
        }
        if let rest = splitter.finish() { handle(rest) }
        FileDescriptorIO.close(results.readEnd)
        let termination = process.wait()
        // Exit 5: nothing selected (no test carries the marker), which is an answer, not a failure.
        if termination.exitCode == 4 || termination.signal != nil {
            throw DiscoveryError(
                "collecting the tests of files to split failed (\(termination)): " + tail.withLock { $0.lastLines(8) })
        }
        return collected
    }
}

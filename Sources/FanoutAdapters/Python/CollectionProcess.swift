import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Runs a Python runner in collect mode (FANOUT_COLLECT=1) and gathers the `collected` events it writes on
/// descriptor 3: the test ids per scope, in collection order.
enum CollectionProcess {
    /// Writes `runner`'s support files into a private temporary directory (removed afterwards) and runs
    /// `arguments(support)` in collect mode with `environment(support)`.
    static func run(
        with runner: some BatchRunning, workspace: String, environment: (String) -> [String: String],
        arguments: (String) -> [String]
    ) throws -> (collected: [String: [String]], termination: ChildProcess.Termination, outputTail: String) {
        let support = try PrivateDirectory.make(prefix: "fanout-collect-")
        defer { try? FileManager.default.removeItem(atPath: support) }
        try runner.prepare(supportDirectory: support)
        var collectEnvironment = environment(support)
        collectEnvironment["FANOUT_COLLECT"] = "1"
        return try run(arguments: arguments(support), environment: collectEnvironment, workspace: workspace)
    }

    static func run(arguments: [String], environment: [String: String], workspace: String) throws
        -> (collected: [String: [String]], termination: ChildProcess.Termination, outputTail: String)
    {
        let results = try PipePair()
        let output = try PipePair()
        let process = try ChildProcess.spawnWithoutInput(
            arguments: arguments, environment: environment, workingDirectory: workspace,
            descriptors: [
                (output.writeEnd, 1), (output.writeEnd, 2), (results.writeEnd, PythonRunner.resultDescriptor),
            ])
        FileDescriptorIO.close(results.writeEnd)
        FileDescriptorIO.close(output.writeEnd)
        let tail = OutputDrain.start(output.readEnd, name: "fanout-collect-output")
        var splitter = LineSplitter()
        var collected: [String: [String]] = [:]
        func handle(_ line: LineSplitter.Line) {
            guard case .text(let line) = line,
                let event = try? JSONDecoder().decode(PluginEvent.self, from: Data(line)), event.event == "collected",
                let id = event.id, let scope = event.scope
            else { return }
            collected[scope, default: []].append(id)
        }
        while let chunk = try? FileDescriptorIO.read(results.readEnd), !chunk.isEmpty {
            for line in splitter.push(chunk) { handle(line) }
        }
        if let rest = splitter.finish() { handle(rest) }
        FileDescriptorIO.close(results.readEnd)
        let termination = process.wait()
        return (collected, termination, tail.withLock { $0.lastLines(8) })
    }
}

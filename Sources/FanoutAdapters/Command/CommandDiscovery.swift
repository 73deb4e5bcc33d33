import FanoutCore
import FanoutPosix
import FoundationEssentials

/// The command adapter's scopes: the lines its `list` command prints in the workspace (argv, no shell).
public struct CommandDiscovery: Sendable {
    public let list: [String]

    public init(list: [String]) {
        self.list = list
    }

    public func discover(workspace: String) throws -> [DiscoveredScope] {
        guard !list.isEmpty else { throw DiscoveryError("the command adapter needs `list` in [command]") }
        let listed = try Self.lines(of: list, workspace: workspace, environment: SystemInfo.environment)
        guard listed.termination == .exited(0) else {
            throw DiscoveryError(
                "the list command `\(list.joined(separator: " "))` failed (\(listed.termination)): \(listed.errors)")
        }
        var seen: Set<String> = []
        return listed.lines.filter { !$0.isEmpty && seen.insert($0).inserted }.map { DiscoveredScope(id: $0) }
    }

    /// Runs `arguments` (no shell) in `workspace` to the end: its stdout's lines, trimmed, all of them; the last
    /// lines of its stderr.
    public static func lines(of arguments: [String], workspace: String, environment: [String: String]) throws
        -> (termination: ChildProcess.Termination, lines: [String], errors: String)
    {
        let stdout = try PipePair()
        let stderr = try PipePair()
        let process: ChildProcess
        do {
            process = try ChildProcess.spawnWithoutInput(
                arguments: arguments, environment: environment, workingDirectory: workspace,
                descriptors: [(stdout.writeEnd, 1), (stderr.writeEnd, 2)])
        } catch {
            for fd in [stdout.readEnd, stdout.writeEnd, stderr.readEnd, stderr.writeEnd] { FileDescriptorIO.close(fd) }
            throw DiscoveryError("`\(arguments.joined(separator: " "))` could not start: \(error)")
        }
        FileDescriptorIO.close(stdout.writeEnd)
        FileDescriptorIO.close(stderr.writeEnd)
        let errors = OutputDrain.start(stderr.readEnd, name: "fanout-list-stderr")
        var output: [UInt8] = []
        while let chunk = try? FileDescriptorIO.read(stdout.readEnd), !chunk.isEmpty { output += chunk }
        FileDescriptorIO.close(stdout.readEnd)
        let termination = process.wait()
        let lines = String(decoding: output, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmed() }
        return (termination, lines, errors.withLock { $0.lastLines(8) })
    }
}

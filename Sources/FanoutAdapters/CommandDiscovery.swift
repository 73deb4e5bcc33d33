import FanoutCore
import FanoutPosix
import Foundation

/// The command adapter's scopes: the lines its `list` command prints in the workspace (argv, no shell).
public struct CommandDiscovery: Sendable {
    public let list: [String]

    public init(list: [String]) {
        self.list = list
    }

    public func discover(workspace: String) throws -> [DiscoveredScope] {
        guard !list.isEmpty else { throw DiscoveryError("the command adapter needs `list` in [command]") }
        let stdout = try PipePair()
        let stderr = try PipePair()
        let process: ChildProcess
        do {
            process = try ChildProcess.spawnWithoutInput(
                arguments: list, environment: SystemInfo.environment, workingDirectory: workspace,
                descriptors: [(stdout.writeEnd, 1), (stderr.writeEnd, 2)])
        } catch {
            for fd in [stdout.readEnd, stdout.writeEnd, stderr.readEnd, stderr.writeEnd] { FileDescriptorIO.close(fd) }
            throw DiscoveryError("the list command `\(list.joined(separator: " "))` could not start: \(error)")
        }
        FileDescriptorIO.close(stdout.writeEnd)
        FileDescriptorIO.close(stderr.writeEnd)
        let errors = OutputDrain.start(stderr.readEnd, name: "fanout-list-stderr")
        var output: [UInt8] = []
        while let chunk = try? FileDescriptorIO.read(stdout.readEnd), !chunk.isEmpty { output += chunk }
        FileDescriptorIO.close(stdout.readEnd)
        let termination = process.wait()
        guard termination == .exited(0) else {
            throw DiscoveryError(
                "the list command `\(list.joined(separator: " "))` failed (\(termination)): "
                    + errors.withLock { $0.lastLines(8) })
        }
        var seen: Set<String> = []
        return String(decoding: output, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
            .map { DiscoveredScope(id: $0) }
    }
}

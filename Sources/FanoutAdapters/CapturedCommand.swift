import FanoutCore
import FanoutPosix
import Foundation

/// Runs argv (no shell) to the end in a directory, keeping the tail of its combined output.
public enum CapturedCommand {
    public static func run(_ arguments: [String], workspace: String, environment: [String: String]) throws
        -> (termination: ChildProcess.Termination, output: OutputTail)
    {
        let output = try PipePair()
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { FileDescriptorIO.close(devNull) }
        let process: ChildProcess
        do {
            process = try ChildProcess.spawn(
                arguments: arguments, environment: environment, workingDirectory: workspace,
                descriptors: [(devNull, 0), (output.writeEnd, 1), (output.writeEnd, 2)], newProcessGroup: true)
        } catch {
            FileDescriptorIO.close(output.readEnd)
            FileDescriptorIO.close(output.writeEnd)
            throw error
        }
        FileDescriptorIO.close(output.writeEnd)
        var tail = OutputTail(capacity: 16 * 1024)
        while let chunk = try? FileDescriptorIO.read(output.readEnd), !chunk.isEmpty { tail.append(chunk) }
        FileDescriptorIO.close(output.readEnd)
        return (process.wait(), tail)
    }
}

import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Runs argv (no shell) to the end in a directory, keeping the tail of its combined output.
public enum CapturedCommand {
    public static func run(_ arguments: [String], workspace: String, environment: [String: String]) throws
        -> (termination: ChildProcess.Termination, output: OutputTail)
    {
        let output = try PipePair()
        let process: ChildProcess
        do {
            process = try ChildProcess.spawnWithoutInput(
                arguments: arguments, environment: environment, workingDirectory: workspace,
                descriptors: [(output.writeEnd, 1), (output.writeEnd, 2)])
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

import FanoutCore
import FanoutPosix
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Runs argv (no shell) to the end in a directory, keeping the tail of its combined output.
public enum CapturedCommand {
    /// How a command ended, and whether Fanout stopped it at its time limit.
    public struct Ending: Sendable {
        public var termination: ChildProcess.Termination
        public var output: OutputTail
        public var timedOut = false
    }

    public static func run(_ arguments: [String], workspace: String, environment: [String: String]) throws
        -> (termination: ChildProcess.Termination, output: OutputTail)
    {
        let ending = try run(arguments, workspace: workspace, environment: environment, timeout: nil)
        return (ending.termination, ending.output)
    }

    /// Runs the command until it exits, or kills its process group after `timeout` seconds. A process it leaves
    /// running in the background (a server it started) may keep the output open: the command is over when the
    /// process it started exits, not when every holder of its output has closed it. `started` hears the
    /// process, for a caller that may have to stop it early.
    public static func run(
        _ arguments: [String], workspace: String, environment: [String: String], timeout: Double?,
        started: (ChildProcess) -> Void = { _ in }
    ) throws -> Ending {
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
        defer { FileDescriptorIO.close(output.readEnd) }
        started(process)
        let deadline = timeout.map { SystemInfo.now + $0 }
        var tail = OutputTail(capacity: 16 * 1024)
        var open = true
        while true {
            if let deadline, SystemInfo.now > deadline {
                process.signalGroup(SIGKILL)
                return Ending(termination: process.wait(), output: tail, timedOut: true)
            }
            if open, FileDescriptorIO.waitReadable(output.readEnd, timeout: 0.1) {
                open = read(output.readEnd, into: &tail)
                continue
            }
            if !open { usleep(20_000) }
            if let ended = process.poll() {
                // What it wrote just before exiting is still in the pipe; a background holder may write on.
                var drains = 0
                while open, drains < 64, FileDescriptorIO.waitReadable(output.readEnd, timeout: 0) {
                    open = read(output.readEnd, into: &tail)
                    drains += 1
                }
                return Ending(termination: ended, output: tail)
            }
        }
    }

    /// Appends what the pipe holds; false at its end.
    private static func read(_ descriptor: Int32, into tail: inout OutputTail) -> Bool {
        let chunk = (try? FileDescriptorIO.read(descriptor)) ?? []
        tail.append(chunk)
        return !chunk.isEmpty
    }
}

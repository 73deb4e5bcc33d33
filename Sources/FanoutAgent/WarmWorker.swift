import FanoutAdapters
import FanoutCore
import FanoutPosix
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// A slot's warm worker process (see fanout_warm_worker.py): started once, then asked to fork one child
/// per batch. Used by one slot thread at a time.
final class WarmWorker: @unchecked Sendable {
    let process: ChildProcess
    let control: PacketSocket
    private let output: Locked<OutputTail>

    private init(process: ChildProcess, control: PacketSocket, output: Locked<OutputTail>) {
        self.process = process
        self.control = control
        self.output = output
    }

    /// Starts the worker and waits until it is warm. Throws with the worker's own output when it cannot
    /// start or dies while warming up (a failing `warm_imports` module, say).
    static func start(_ command: BatchCommand) throws -> WarmWorker {
        let (ours, theirs) = try PacketSocket.pair()
        let output = try PipePair()
        let process: ChildProcess
        do {
            process = try ChildProcess.spawnWithoutInput(
                arguments: command.arguments, environment: command.environment,
                workingDirectory: command.workingDirectory,
                descriptors: [
                    (output.writeEnd, 1), (output.writeEnd, 2), (theirs.descriptor, command.resultDescriptor),
                ])
        } catch {
            for fd in [ours.descriptor, theirs.descriptor, output.readEnd, output.writeEnd] {
                FileDescriptorIO.close(fd)
            }
            throw error
        }
        theirs.close()
        FileDescriptorIO.close(output.writeEnd)
        let tail = OutputDrain.start(output.readEnd, capacity: 16 * 1024, name: "fanout-warm-output")
        let worker = WarmWorker(process: process, control: ours, output: tail)
        guard case .message(let bytes) = ours.receive(), WarmReply(bytes)?.ready == true else {
            let termination = worker.stop()
            throw PosixError(
                "the warm worker ended while warming up (\(termination)): \(tail.withLock { $0.lastLines(12) })")
        }
        return worker
    }

    /// Forks a child of the worker that runs `command` with `output` as its stdout and stderr and `results` as
    /// its result descriptor.
    func launch(_ command: BatchCommand, output: Int32, results: Int32) throws -> WarmChild {
        let request = WarmRequest(
            args: command.frameworkArguments ?? [], env: command.environment, cwd: command.workingDirectory)
        try control.send(Array(try JSONEncoder().encode(request)), descriptors: [output, results])
        while true {
            guard case .message(let bytes) = control.receive(), let reply = WarmReply(bytes), let pid = reply.pid
            else {
                throw PosixError("the warm worker did not fork: \(outputTail)")
            }
            // An end comes first only for a child that died before it was sent anything.
            if reply.exit == nil { return WarmChild(pid: pid, worker: self) }
        }
    }

    /// Ends the worker (and any child it still has) and returns how it ended.
    @discardableResult
    func stop() -> ChildProcess.Termination {
        control.close()
        process.signalGroup(SIGKILL)
        return process.wait()
    }

    var outputTail: String { output.withLock { $0.lastLines(12) } }
}

/// What the agent asks of a warm worker: one batch.
struct WarmRequest: Codable {
    var args: [String]
    var env: [String: String]
    var cwd: String
}

/// What a warm worker says: warm, a forked child's pid, or how that child ended.
struct WarmReply: Codable {
    var ready: Bool?
    var pid: Int32?
    var exit: Int32?

    init?(_ bytes: [UInt8]) {
        guard let reply = try? JSONDecoder().decode(WarmReply.self, from: Data(bytes)) else { return nil }
        self = reply
    }
}

import FanoutAdapters
import FanoutCore
import FanoutPosix
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// A warm worker process (see fanout_warm_worker.py): the host's zygote, started once, or a slot's worker
/// forked from it, asked to fork one child per batch. A slot's worker is used by one slot thread at a time.
final class WarmWorker: @unchecked Sendable {
    /// How the agent reaches the process to end it: its own child, or a fork of the zygote (the zygote's
    /// child, in a process group of its own).
    enum Origin {
        case spawned(ChildProcess)
        case forked(pid: Int32)
    }

    let origin: Origin
    let control: PacketSocket
    private let output: Locked<OutputTail>

    init(origin: Origin, control: PacketSocket, output: Locked<OutputTail>) {
        self.origin = origin
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
        let worker = WarmWorker(origin: .spawned(process), control: ours, output: tail)
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

    /// Ends the worker (and any child it still has) and returns how it ended (for a fork of the zygote, which
    /// reaps it, that it was killed).
    @discardableResult
    func stop() -> ChildProcess.Termination {
        control.close()
        switch origin {
        case .spawned(let process):
            process.signalGroup(SIGKILL)
            return process.wait()
        case .forked(let pid):
            _ = kill(-pid, SIGKILL)
            return .signalled(SIGKILL)
        }
    }

    /// A slot's worker forked from this zygote, warm, with a control socket of its own.
    func forkSlotWorker() throws -> WarmWorker {
        let (ours, theirs) = try PacketSocket.pair()
        defer { theirs.close() }
        do {
            try control.send(Array(#"{"fork": true}"#.utf8), descriptors: [theirs.descriptor])
        } catch {
            ours.close()
            throw error
        }
        guard case .message(let bytes) = control.receive(), let pid = WarmReply(bytes)?.pid else {
            ours.close()
            throw PosixError("the warm zygote did not fork a slot's worker: \(outputTail)")
        }
        let worker = WarmWorker(origin: .forked(pid: pid), control: ours, output: output)
        guard case .message(let ready) = ours.receive(), WarmReply(ready)?.ready == true else {
            worker.stop()
            throw PosixError("the slot's worker forked from the warm zygote ended at once: \(outputTail)")
        }
        return worker
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

import FanoutAdapters
import FanoutCore
import FanoutPosix
import FanoutProtocol
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Runs one batch in one slot: starts the framework process in its own process group, streams its results
/// as they come, keeps a bounded tail of its output, and accounts for whatever it left unreported.
struct BatchExecution {
    /// After the framework process exits, how long stragglers (a daemon a test started) may hold its pipes; and
    /// after its pipes close, how long it may take to exit.
    static let drainGrace = 2.0

    let runner: any BatchRunning
    let context: SlotContext
    let batch: Batch
    let writer: MessageWriter
    let registry: ProcessRegistry
    let warmWorkers: WarmWorkers
    let preparation: WorkspacePreparation

    func run() {
        let startedAt = SystemInfo.now
        let slot = context.worker.slot
        registry.begin(slot: slot, batchID: batch.id)
        defer { registry.end(slot: slot) }
        if let failure = preparation.ensure(runner, context: context) {
            reportFailure("the workspace could not be prepared on this host", details: failure, startedAt: startedAt)
            return
        }
        let command = runner.command(for: batch, in: context)
        var stream = ResultStream(runner: runner, batch: batch, worker: context.worker, writer: writer)
        var tail = OutputTail()
        var watch = BatchTimeoutWatch(
            testLimit: context.testTimeout, batchLimit: context.batchTimeout, batchStart: startedAt,
            canDumpStacks: runner.dumpsStacksOnSIGUSR1)
        var ended: [ChildProcess.Termination] = []
        for (index, arguments) in ([command.arguments] + command.followUps).enumerated() {
            if index > 0 && (watch.expiry != nil || registry.isCancelled(slot: slot)) { break }
            var step = command
            step.arguments = arguments
            if index > 0 { step.frameworkArguments = nil }
            do {
                ended.append(try runProcess(step, stream: &stream, tail: &tail, watch: &watch))
            } catch {
                guard index > 0 else {
                    reportFailure("could not start the test process", details: "\(error)", startedAt: startedAt)
                    return
                }
                tail.append(Array("\nfanout: could not start \(arguments.joined(separator: " ")): \(error)\n".utf8))
                ended.append(.exited(127))
            }
        }
        let termination = ChildProcess.Termination.batch(ended)

        let cancelled = registry.isCancelled(slot: slot)
        let finish = runner.finish(
            BatchProcessOutcome(
                batch: batch, worker: context.worker, exitCode: termination.exitCode, signal: termination.signal,
                results: stream.results, unfinished: stream.unfinished, outputTail: tail, cancelled: cancelled,
                resultFile: command.resultFile, timedOut: watch.expiry, sessionEnd: stream.sessionEnd))
        for result in finish.extraResults { stream.forward(result) }
        writer.send(
            .batchDone(
                BatchCompletion(
                    batchID: batch.id, worker: context.worker, startedAt: startedAt,
                    wall: SystemInfo.now - startedAt, exitCode: termination.exitCode, signal: termination.signal,
                    cancelled: cancelled, usageError: finish.usageError, incomplete: finish.incomplete,
                    notRun: finish.notRun, outputTail: finish.incomplete.isEmpty ? nil : tail.lastLines(40),
                    explained: finish.explained)))
    }

    /// Runs one process of the batch to its end, streaming its results and its output into `stream` and `tail`.
    private func runProcess(
        _ command: BatchCommand, stream: inout ResultStream, tail: inout OutputTail, watch: inout BatchTimeoutWatch
    ) throws -> ChildProcess.Termination {
        let results = try PipePair()
        let output: PipePair
        let process: any TestProcess
        do {
            output = try PipePair()
        } catch {
            for fd in [results.readEnd, results.writeEnd] { FileDescriptorIO.close(fd) }
            throw error
        }
        do {
            process = try launch(command, output: output.writeEnd, results: results.writeEnd)
        } catch {
            for fd in [results.readEnd, results.writeEnd, output.readEnd, output.writeEnd] {
                FileDescriptorIO.close(fd)
            }
            throw error
        }
        FileDescriptorIO.close(results.writeEnd)
        FileDescriptorIO.close(output.writeEnd)
        if !registry.attach(process, slot: context.worker.slot) { process.signalGroup(SIGKILL) }
        let termination = pump(
            process: process, resultFD: results.readEnd, outputFD: output.readEnd, stream: &stream, tail: &tail,
            watch: &watch)
        FileDescriptorIO.close(results.readEnd)
        FileDescriptorIO.close(output.readEnd)
        return termination
    }

    /// Starts the batch in a fork of the slot's warm worker when there is one, else as a new process.
    private func launch(_ command: BatchCommand, output: Int32, results: Int32) throws -> any TestProcess {
        let slot = context.worker.slot
        if command.frameworkArguments != nil, let warmCommand = runner.warmWorkerCommand(in: context),
            let worker = warmWorkers.worker(
                slot: slot, command: warmCommand, warn: { writer.send(.log(level: .warning, message: $0)) })
        {
            do {
                return try worker.launch(command, output: output, results: results)
            } catch {
                warmWorkers.discard(slot: slot)
                writer.send(
                    .log(
                        level: .warning,
                        message: "slot \(slot): the warm worker failed (\(error)); this batch runs in a new process"))
            }
        }
        return try ChildProcess.spawnWithoutInput(
            arguments: command.arguments, environment: command.environment, workingDirectory: command.workingDirectory,
            descriptors: [(output, 1), (output, 2), (results, command.resultDescriptor)])
    }

    /// Reads both pipes until the process has exited and they are drained; returns how the process ended.
    private func pump(
        process: any TestProcess, resultFD: Int32, outputFD: Int32, stream: inout ResultStream, tail: inout OutputTail,
        watch: inout BatchTimeoutWatch
    ) -> ChildProcess.Termination {
        var open: [Int32: Bool] = [resultFD: true, outputFD: true]
        var termination: ChildProcess.Termination?
        var exitedAt = 0.0
        // Process groups below the batch's own that have been signalled (see `TestProcess.signalTree`).
        var groups: Set<Int32> = []
        while open.values.contains(true) {
            if termination == nil, let ended = process.poll() {
                termination = ended
                exitedAt = SystemInfo.now
            }
            if termination == nil {
                let running = stream.lastUnfinished()
                switch watch.check(now: SystemInfo.now, running: running) {
                case .none: break
                case .dumpStacks: process.signal(SIGUSR1)
                case .terminate: process.signalTree(SIGTERM, groups: &groups)
                case .kill: process.signalTree(SIGKILL, groups: &groups)
                }
            }
            if termination != nil && SystemInfo.now - exitedAt > Self.drainGrace {
                process.signalTree(SIGKILL, groups: &groups)  // leftovers of the batch still hold the pipes
                break
            }
            var fds = open.filter(\.value).map { pollfd(fd: $0.key, events: Int16(POLLIN), revents: 0) }
            let ready = Glibc.poll(&fds, nfds_t(fds.count), 200)
            guard ready > 0 else { continue }
            for entry in fds where entry.revents != 0 {
                let chunk = (try? FileDescriptorIO.read(entry.fd)) ?? []
                if chunk.isEmpty {
                    open[entry.fd] = false
                } else if entry.fd == resultFD {
                    stream.consume(chunk)
                } else {
                    tail.append(chunk)
                }
            }
        }
        stream.finishInput()
        // A warm worker's child closes its pipes just before it exits; one that keeps running without them gets
        // the same grace as stragglers holding the pipes after an exit.
        let pipesClosedAt = SystemInfo.now
        while termination == nil && SystemInfo.now - pipesClosedAt < Self.drainGrace {
            termination = process.poll()
            if termination == nil { usleep(200) }
        }
        // Whatever the batch started must not outlive it; after a timeout or a crash, groups below its own too.
        if !groups.isEmpty || watch.expiry != nil || termination?.signal != nil {
            process.signalTree(SIGKILL, groups: &groups)
        } else {
            process.signalGroup(SIGKILL)
        }
        return termination ?? process.wait()
    }

    private func reportFailure(_ message: String, details: String, startedAt: Double) {
        for scope in batch.scopes {
            var result = TestResult(
                id: scope, scope: scope, outcome: .error, message: message, details: details, worker: context.worker,
                batch: batch.id)
            result.neverRan = true
            writer.send(.testFinished(result))
        }
        writer.send(
            .batchDone(
                BatchCompletion(
                    batchID: batch.id, worker: context.worker, startedAt: startedAt,
                    wall: SystemInfo.now - startedAt, exitCode: nil, signal: nil)))
    }
}

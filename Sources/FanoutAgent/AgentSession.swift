import FanoutAdapters
import FanoutCore
import FanoutPosix
import FanoutProtocol
import FoundationEssentials

/// One run on this agent: the controller's hello, the adapter, and the slots' directories.
struct AgentSession: Sendable {
    let hello: ControllerHello
    let runner: any BatchRunning
    let writer: MessageWriter
    let registry: ProcessRegistry
    let warmWorkers = WarmWorkers()
    let preparation = WorkspacePreparation()
    let workerSetup: WorkerSetup
    let databases: WorkerDatabases
    /// Private directory of this agent process: adapter support files, and each slot's TMPDIR unless those are
    /// on the RAM file system.
    let directory: String
    /// Where the slots' TMPDIRs are: a private directory on tmpfs where the guardian made one and the run allows
    /// it (`tmpfs`), else `directory`.
    let temporaryRoot: String

    init(hello: ControllerHello, writer: MessageWriter, registry: ProcessRegistry) throws {
        guard hello.protocolVersion == ProtocolVersion.current else {
            throw AgentError(
                "controller speaks protocol \(hello.protocolVersion), this agent (\(FanoutVersion.string)) speaks "
                    + "\(ProtocolVersion.current); deploy the agent that matches the controller")
        }
        guard let framework = Frameworks.named(hello.adapter.name, command: hello.adapter.command) else {
            throw AgentError("this agent has no adapter named '\(hello.adapter.name)'")
        }
        let runner: any BatchRunning
        do {
            runner = try framework.runner()
        } catch {
            throw AgentError("\(error)")
        }
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: hello.workspace, isDirectory: &isDirectory), isDirectory
        else { throw AgentError("workspace \(hello.workspace) does not exist on \(SystemInfo.hostname)") }
        let directory = try PrivateDirectory.make(
            prefix: "fanout-agent-\(hello.runID)-", in: SystemInfo.environment[AgentGuardian.directoryVariable])
        let temporaryRoot = Self.temporaryRoot(hello, fallback: directory)
        do {
            try runner.prepare(supportDirectory: directory)
            for slot in 1...max(1, hello.slots) {
                try FileManager.default.createDirectory(
                    atPath: Self.slotTemporaryDirectory(temporaryRoot, slot), withIntermediateDirectories: true)
            }
        } catch {
            for made in Set([directory, temporaryRoot]) { try? FileManager.default.removeItem(atPath: made) }
            throw error
        }
        self.directory = directory
        self.temporaryRoot = temporaryRoot
        self.hello = hello
        self.workerSetup = WorkerSetup(commands: hello.workerSetup, workspace: hello.workspace)
        self.databases = WorkerDatabases(hello: hello)
        self.runner = runner
        self.writer = writer
        self.registry = registry
    }

    /// A private directory in the guardian's on tmpfs, when the run wants one (`tmpfs`, the default) and the
    /// guardian found room there; `fallback` (on disk) otherwise. Its name is short: tests bind Unix sockets
    /// under TMPDIR, whose paths may not pass 107 bytes (CPython's test_pathlib skipped with a longer one).
    static func temporaryRoot(_ hello: ControllerHello, fallback: String) -> String {
        guard hello.adapter.tmpfs, let memory = SystemInfo.environment[AgentGuardian.memoryDirectoryVariable],
            !memory.isEmpty, MemoryFileSystem.hasRoom(memory),
            let root = try? PrivateDirectory.make(prefix: "r", in: memory)
        else { return fallback }
        return root
    }

    static func slotTemporaryDirectory(_ directory: String, _ slot: Int) -> String {
        PathText.join(directory, "tmp-s\(slot)")
    }

    /// The run's host setup commands, in this host's workspace, with the tests' base environment and
    /// `FANOUT_HOST`.
    var hostSetup: HostSetup {
        HostSetup(commands: hello.hostSetup, workspace: hello.workspace, environment: hostEnvironment)
    }

    /// What commands run once for the host see: the tests' base environment and `FANOUT_HOST`.
    var hostEnvironment: [String: String] {
        var environment = SystemInfo.environment
        environment.merge(hello.adapter.environment) { _, new in new }
        environment["FANOUT_HOST"] = hello.host
        return environment
    }

    /// Makes every slot's clone of the `[database]`, before worker setup, which may use it.
    func prepareDatabases() throws {
        let writer = self.writer
        try databases.prepare(environment: hostEnvironment) { writer.send(.log(level: .info, message: $0)) }
    }

    /// Runs every slot's `[[worker_setup]]` commands with that slot's test environment.
    func setUpWorkers() throws {
        let writer = self.writer
        try workerSetup.setUp(
            slots: Array(1...max(1, hello.slots)), environment: { context(slot: $0).testEnvironment },
            say: { writer.send(.log(level: .info, message: $0)) })
    }

    /// Every slot asks for its first batch once its warm worker is up (at once in a cold run): the first, longest
    /// batches go to slots that can start them, and the controller learns when this host's warm-up is over
    /// (hosts that share one kernel's CPUs take turns at it).
    func announceSlots() {
        for slot in 1...max(1, hello.slots) {
            prewarm(slot: slot)
            writer.send(.ready(slot: slot))
        }
    }

    /// Runs `batch` in `slot` on its own thread; the slot asks for more work when it is done.
    func start(_ batch: Batch, slot: Int) {
        let context = self.context(slot: slot)
        let execution = BatchExecution(
            runner: runner, context: context, batch: batch, writer: writer, registry: registry,
            warmWorkers: warmWorkers, preparation: preparation)
        let writer = self.writer
        Threads.start("fanout-slot-\(slot)") {
            execution.run()
            writer.send(.ready(slot: slot))
        }
    }

    /// What the adapter knows of `slot` for a batch there.
    func context(slot: Int) -> SlotContext {
        var environment = SystemInfo.environment
        environment.merge(hello.adapter.environment) { _, new in new }
        environment.merge(databases.environment(slot: slot)) { _, new in new }
        var context = SlotContext(
            runID: hello.runID, worker: WorkerID(host: hello.host, slot: slot),
            globalSlot: hello.firstGlobalSlot + slot - 1, totalSlots: hello.totalSlots, workspace: hello.workspace,
            temporaryDirectory: Self.slotTemporaryDirectory(temporaryRoot, slot), supportDirectory: directory,
            executable: hello.adapter.executable, frameworkArgs: hello.adapter.frameworkArgs,
            baseEnvironment: environment, warm: hello.adapter.warm, warmImports: hello.adapter.warmImports)
        context.testTimeout = hello.adapter.testTimeout
        context.batchTimeout = hello.adapter.batchTimeout
        context.keepDatabases = hello.adapter.keepDatabases
        context.measuresCoverage = hello.adapter.coverage
        context.spareCores = SystemInfo.cpuCount > hello.slots
        context.threadsPerSlot = ThreadPoolLimits.threadsPerSlot(cpus: SystemInfo.cpuCount, slots: hello.slots)
        return context
    }

    /// Starts the host's zygote and `slot`'s warm worker ahead of the slot's first batch (nothing in a cold run).
    func prewarm(slot: Int) {
        let context = self.context(slot: slot)
        guard context.warm, let command = runner.warmWorkerCommand(in: context) else { return }
        let writer = self.writer
        _ = warmWorkers.worker(slot: slot, command: command) { writer.send(.log(level: .warning, message: $0)) }
    }

    /// The adapter's preflight, with the zygote warming up meanwhile so that the check costs the first batch
    /// nothing it would not wait for anyway; nil when it passed.
    func runPreflight() -> String? {
        guard runner.hasPreflight else { return nil }
        let warmed = Mailbox<Bool>()
        Threads.start("fanout-prewarm") {
            prewarm(slot: 1)
            warmed.post(true)
        }
        let problem = runner.preflight(in: context(slot: 1))
        _ = warmed.take()  // the zygote is not stopped half-started, whatever the check found
        return problem
    }

    func cleanUp() {
        warmWorkers.stopAll()
        for problem in workerSetup.tearDown(environment: { context(slot: $0).testEnvironment }) {
            writer.send(.log(level: .warning, message: problem))
            try? FileDescriptorIO.writeAll(2, Array("fanout-agent: \(problem)\n".utf8))
        }
        if let problem = databases.finish(environment: hostEnvironment) {
            writer.send(.log(level: .warning, message: problem))
            try? FileDescriptorIO.writeAll(2, Array("fanout-agent: \(problem)\n".utf8))
        }
        if let problem = runner.finishSession(in: context(slot: 1)) {
            try? FileDescriptorIO.writeAll(2, Array("fanout-agent: \(problem)\n".utf8))
        }
        for made in Set([directory, temporaryRoot]) { try? FileManager.default.removeItem(atPath: made) }
    }
}

/// A problem that stops the agent, said plainly.
struct AgentError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

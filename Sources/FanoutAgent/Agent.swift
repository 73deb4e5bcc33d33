import FanoutAdapters
import FanoutCore
import FanoutPosix
import FanoutProtocol
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// `fanout-agent`: speaks the protocol on stdin/stdout, runs batches in slots, and never outlives its
/// controller: the end of its input, or silence longer than the heartbeat timeout, kills every test process
/// group and ends it.
public final class Agent: Sendable {
    /// Seconds between SIGTERM and SIGKILL when a batch is cancelled.
    static let cancelGrace = 3.0
    /// Seconds between heartbeats: the controller declares a host lost after hearing nothing for a while.
    static let heartbeatInterval = 2.0
    /// Seconds of silence before the controller's hello (which sets the real limit) after which it is gone.
    static let helloTimeout = 60.0

    private let registry = ProcessRegistry()
    private let ending: AgentEnding
    private let writer: MessageWriter
    private let watchdog = ControllerWatchdog(limit: Agent.helloTimeout)
    private let input: Int32

    public init(input: Int32 = 0, output: Int32 = 1) {
        self.input = input
        let ending = AgentEnding(registry: registry)
        self.ending = ending
        self.writer = MessageWriter(descriptor: output) { ending.end(code: 0) }
    }

    /// Runs until shutdown or until the controller goes away; returns the process exit code.
    public func run() -> Int32 {
        let ending = self.ending
        try? SignalWatcher.install { _ in ending.end(code: 2) }
        writer.send(
            .hello(
                AgentHello(
                    agentVersion: FanoutVersion.string, hostname: SystemInfo.hostname, cpuCount: SystemInfo.cpuCount,
                    pid: getpid(), kernel: SystemInfo.bootID.map { SharedKernel(id: $0, cpus: SystemInfo.onlineCPUs) }))
        )
        let writer = self.writer
        Threads.start("fanout-heartbeat") {
            while true {
                usleep(UInt32(Self.heartbeatInterval * 1_000_000))
                writer.send(.heartbeat(at: SystemInfo.now))
            }
        }
        watchdog.start { quiet in
            StandardStream.error.write(
                "fanout-agent: nothing heard from the controller for \(Int(quiet)) s; stopping every test and exiting\n"
            )
            ending.end(code: 0)
        }
        var conversation = AgentConversation()
        var session: AgentSession?
        var splitter = LineSplitter()
        while true {
            let chunk = (try? FileDescriptorIO.read(input)) ?? []
            if chunk.isEmpty {
                // The controller is gone: nothing may keep running on its behalf, whatever state the talk was in.
                _ = perform(.inputEnded, conversation: &conversation, session: &session)
                ending.end(code: 0)
            }
            watchdog.heard()
            for line in splitter.push(chunk) {
                if let code = perform(event(for: line), conversation: &conversation, session: &session) { return code }
            }
        }
    }

    private func event(for line: LineSplitter.Line) -> AgentConversation.Event {
        guard case .text(let text) = line else { return .oversized }
        do {
            return .received(try JSONLines.decode(ControllerMessage.self, from: text))
        } catch {
            return .unreadable(reason: "\(error)")
        }
    }

    /// Feeds `event` to the conversation and does what it decides; returns an exit code when the agent is done.
    private func perform(
        _ event: AgentConversation.Event, conversation: inout AgentConversation, session: inout AgentSession?
    ) -> Int32? {
        for action in conversation.handle(event) {
            switch action {
            case .log(let level, let text):
                log(level, text)
            case .startSession(let hello):
                do {
                    let started = try AgentSession(hello: hello, writer: writer, registry: registry)
                    ending.began(started)
                    watchdog.setLimit(hello.heartbeatTimeout)
                    startSlots(started)
                    session = started
                } catch {
                    return perform(.sessionFailed("\(error)"), conversation: &conversation, session: &session)
                }
            case .run(let batch, let slot):
                session?.start(batch, slot: slot)
            case .cancel(let batchID, let slot):
                registry.cancel(batchID: batchID, slot: slot, grace: Self.cancelGrace)
            case .cancelAll:
                registry.cancelAll(grace: Self.cancelGrace)
            case .finish:
                // Told to end, the agent hears nothing more while it cleans up (the controller sends no heartbeats
                // while it waits for agents to exit): a cleanup past the heartbeat timeout (dropping databases
                // under load) must not be cut short by the watchdog. Each cleanup step has its own time limit.
                watchdog.setLimit(.infinity)
                registry.cancelAll(grace: Self.cancelGrace)
                while !registry.isEmpty { usleep(20_000) }
                session?.cleanUp()
                return 0
            case .exit(let code):
                ending.end(code: code)
            }
        }
        return nil
    }

    /// Announces the session's slots: at once, or after the host's setup commands (`[[host_setup]]`), the slots'
    /// `[database]` clones and setup commands (`[[worker_setup]]`) and the adapter's preflight (Django's test
    /// database servers), on a thread of their own so the agent keeps hearing the controller meanwhile. A failing
    /// setup or preflight leaves the host out.
    private func startSlots(_ session: AgentSession) {
        let writer = self.writer
        let ending = self.ending
        Threads.start("fanout-host-setup") {
            do {
                if !session.hello.hostSetup.isEmpty {
                    try session.hostSetup.run { writer.send(.log(level: .info, message: $0)) }
                }
                try session.prepareDatabases()
                try session.setUpWorkers()
                if let problem = session.runPreflight() { throw AgentError(problem) }
                session.announceSlots()
            } catch {
                writer.send(.log(level: .fatal, message: "\(error)"))
                StandardStream.error.write("fanout-agent: \(error)\n")
                ending.end(code: 3)
            }
        }
    }

    private func log(_ level: AgentMessage.LogLevel, _ message: String) {
        writer.send(.log(level: level, message: message))
        StandardStream.error.write("fanout-agent: \(message)\n")
    }
}

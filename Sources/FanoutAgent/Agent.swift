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
                    pid: getpid())))
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
        var session: AgentSession?
        var splitter = LineSplitter()
        while true {
            let chunk = (try? FileDescriptorIO.read(input)) ?? []
            // The controller is gone: nothing may keep running on its behalf.
            if chunk.isEmpty { ending.end(code: 0) }
            watchdog.heard()
            for line in splitter.push(chunk) {
                guard case .text(let line) = line else {
                    log(.warning, "ignored a message over the size limit")
                    continue
                }
                let message: ControllerMessage
                do {
                    message = try JSONLines.decode(ControllerMessage.self, from: line)
                } catch {
                    log(.warning, "ignored a message the agent could not read: \(error)")
                    continue
                }
                if let code = handle(message, session: &session) { return code }
            }
        }
    }

    /// Acts on one message; returns an exit code when the agent is done.
    private func handle(_ message: ControllerMessage, session: inout AgentSession?) -> Int32? {
        switch message {
        case .hello(let hello):
            do {
                let started = try AgentSession(hello: hello, writer: writer, registry: registry)
                ending.began(started)
                watchdog.setLimit(hello.heartbeatTimeout)
                started.announceSlots()
                session = started
            } catch {
                log(.fatal, "\(error)")
                ending.end(code: 3)
            }
        case .batch(let slot, let batch):
            guard let session else {
                log(.fatal, "received a batch before hello")
                ending.end(code: 3)
            }
            session.start(batch, slot: slot)
        case .cancel:
            registry.cancelAll(grace: Self.cancelGrace)
        case .shutdown:
            registry.cancelAll(grace: Self.cancelGrace)
            while !registry.isEmpty { usleep(20_000) }
            session?.cleanUp()
            return 0
        case .heartbeat:
            break
        }
        return nil
    }

    private func log(_ level: AgentMessage.LogLevel, _ message: String) {
        writer.send(.log(level: level, message: message))
        StandardStream.error.write("fanout-agent: \(message)\n")
    }
}

import FanoutAdapters
import FanoutCore
import FanoutPosix
import FanoutProtocol
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `fanout-agent`: speaks the protocol on stdin/stdout, runs batches in slots, and never outlives its
/// controller (end-of-file on stdin kills every test process group and exits).
public final class Agent: Sendable {
    /// Seconds between SIGTERM and SIGKILL when a batch is cancelled.
    static let cancelGrace = 3.0
    /// Seconds between heartbeats: the controller declares a host lost after hearing nothing for a while.
    static let heartbeatInterval = 2.0

    private let registry = ProcessRegistry()
    private let writer: MessageWriter
    private let input: Int32

    public init(input: Int32 = 0, output: Int32 = 1) {
        self.input = input
        let registry = self.registry
        self.writer = MessageWriter(descriptor: output) {
            registry.killAll()
            exit(0)
        }
    }

    /// Runs until shutdown or until the controller goes away; returns the process exit code.
    public func run() -> Int32 {
        let registry = self.registry
        try? SignalWatcher.install { _ in
            registry.killAll()
            exit(2)
        }
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
        var session: AgentSession?
        var splitter = LineSplitter()
        while true {
            let chunk = (try? FileDescriptorIO.read(input)) ?? []
            if chunk.isEmpty {
                // The controller is gone: nothing may keep running on its behalf.
                registry.killAll()
                session?.cleanUp()
                return 0
            }
            for line in splitter.push(chunk) {
                let message: ControllerMessage
                do {
                    message = try JSONLines.decode(ControllerMessage.self, from: line)
                } catch {
                    log(.warning, "ignored a message the agent could not read: \(error)")
                    continue
                }
                switch message {
                case .hello(let hello):
                    do {
                        session = try AgentSession(hello: hello, writer: writer, registry: registry)
                        session?.announceSlots()
                    } catch {
                        log(.fatal, "\(error)")
                        return 3
                    }
                case .batch(let slot, let batch):
                    guard let session else {
                        log(.fatal, "received a batch before hello")
                        return 3
                    }
                    session.start(batch, slot: slot)
                case .cancel:
                    registry.cancelAll(grace: Self.cancelGrace)
                case .shutdown:
                    registry.cancelAll(grace: Self.cancelGrace)
                    while !registry.isEmpty { usleep(20_000) }
                    session?.cleanUp()
                    return 0
                }
            }
        }
    }

    private func log(_ level: AgentMessage.LogLevel, _ message: String) {
        writer.send(.log(level: level, message: message))
        StandardStream.error.write("fanout-agent: \(message)\n")
    }
}

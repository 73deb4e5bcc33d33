import FanoutAdapters
import FanoutConfig
import FanoutCore
import FanoutPosix
import FanoutProtocol
import FanoutReport
import Foundation

/// Runs one suite: discovers and weighs scopes, starts agents, serves the queue through `RunCoordinator`,
/// feeds every reporter from the one event stream, and records history.
public final class RunController {
    /// Per-batch overhead assumed for an adapter with no history yet (seconds).
    public static let defaultBatchOverhead = 0.5
    /// How long agents get to exit after shutdown before they are killed.
    static let agentExitTimeout = 5.0

    private let options: RunOptions
    private var reporters: [any RunReporter]
    private var reporterErrors: [String] = []

    public init(options: RunOptions, reporters: [any RunReporter]) {
        self.options = options
        self.reporters = reporters
    }

    /// Runs to the end and returns the merged report. Reporter failures are collected in `reporterErrors`.
    public func run() throws -> (report: RunReport, reporterErrors: [String]) {
        let store = HistoryStore(workspace: options.workspace)
        let (history, historyNotice) = store.load()
        let settings = FanoutSettings(paths: options.paths, exclude: options.exclude)
        let scopes = try AdapterRegistry.discover(
            adapter: options.adapter.name, workspace: options.workspace, settings: settings)
        let estimator = WorkEstimator(history: history)
        let weighted = estimator.weigh(scopes)
        let policy = BatchPolicy(
            slotCount: options.slots,
            perBatchOverhead: estimator.batchOverhead(adapter: options.adapter.name) ?? Self.defaultBatchOverhead,
            totalSeconds: weighted.reduce(0) { $0 + $1.expectedSeconds })
        var coordinator = RunCoordinator(
            runID: options.runID, adapter: options.adapter.name, workspace: options.workspace,
            scopes: weighted, policy: policy, startedAt: SystemInfo.now)

        let mailbox = Mailbox<ControllerInput>()
        try SignalWatcher.install { mailbox.post(.signal($0)) }
        var connections: [String: any AgentConnection] = [:]
        var finalReport: RunReport?
        func broadcast(_ message: ControllerMessage) {
            for connection in connections.values { connection.send(message) }
        }
        func perform(_ actions: [RunCoordinator.Action]) {
            for action in actions {
                switch action {
                case .run(let batch, let worker):
                    connections[worker.host]?.send(.batch(slot: worker.slot, batch: batch))
                case .cancelAll: broadcast(.cancel)
                case .shutdownAgents: broadcast(.shutdown)
                case .emit(let event): publish(event)
                case .finish(let report): finalReport = report
                }
            }
        }

        perform(coordinator.start(now: SystemInfo.now))
        if let historyNotice { publish(.notice(historyNotice)) }
        if finalReport == nil {
            let local = try LocalAgentConnection(host: "local", agentPath: options.agentPath, mailbox: mailbox)
            connections[local.host] = local
            local.send(.hello(hello(host: local.host, slots: options.slots, firstGlobalSlot: 0)))
        }
        while finalReport == nil {
            guard let input = mailbox.take() else { continue }
            perform(translate(input, coordinator: &coordinator))
        }
        for connection in connections.values { connection.finish(timeout: Self.agentExitTimeout) }
        let report = finalReport!
        let update = HistoryUpdate(
            universe: Set(scopes.map(\.id)), completedScopes: coordinator.ledger.finishedScopes,
            results: report.tests, batchOverheads: coordinator.measuredOverheads, adapter: options.adapter.name)
        do {
            try store.save(update.applied(to: history))
        } catch {
            reporterErrors.append("could not save history to \(store.path): \(error)")
        }
        return (report, reporterErrors)
    }

    private func translate(_ input: ControllerInput, coordinator: inout RunCoordinator) -> [RunCoordinator.Action] {
        let now = SystemInfo.now
        switch input {
        case .signal:
            return coordinator.handle(.interrupt, now: now)
        case .closed(let host, let detail):
            return coordinator.handle(.agentLost(host: host, reason: detail), now: now)
        case .unreadable(let host, let line, let error):
            publish(.notice("agent on \(host) sent a line that is not a protocol message (\(error)): \(line)"))
            return []
        case .message(let host, let message):
            switch message {
            case .hello(let agent):
                guard agent.protocolVersion == ProtocolVersion.current else {
                    return coordinator.handle(
                        .agentLost(
                            host: host,
                            reason: "its agent \(agent.agentVersion) speaks protocol \(agent.protocolVersion) but "
                                + "this controller (\(FanoutVersion.string)) speaks \(ProtocolVersion.current); "
                                + "install matching versions"), now: now)
                }
                return coordinator.handle(.agentJoined(host: host, slots: options.slots), now: now)
            case .ready(let slot):
                return coordinator.handle(.slotReady(WorkerID(host: host, slot: slot)), now: now)
            case .testStarted(_, let slot, let testID, let scope, let at):
                return coordinator.handle(
                    .testStarted(testID: testID, scope: scope, worker: WorkerID(host: host, slot: slot), at: at),
                    now: now)
            case .testFinished(let result):
                return coordinator.handle(.testFinished(result), now: now)
            case .batchDone(let completion):
                return coordinator.handle(.batchDone(completion), now: now)
            case .log(let level, let text):
                if level == .fatal { return coordinator.handle(.agentLost(host: host, reason: text), now: now) }
                publish(.notice("agent on \(host): \(text)"))
                return []
            case .heartbeat:
                return []
            }
        }
    }

    private func hello(host: String, slots: Int, firstGlobalSlot: Int) -> ControllerHello {
        ControllerHello(
            runID: options.runID, host: host, slots: slots, totalSlots: options.slots,
            firstGlobalSlot: firstGlobalSlot, workspace: options.workspace, adapter: options.adapter)
    }

    /// Hands an event to every reporter; a failing reporter is noted and the others still get the event.
    private func publish(_ event: RunEvent) {
        for index in reporters.indices {
            do {
                try reporters[index].handle(event)
            } catch {
                reporterErrors.append("\(error)")
            }
        }
    }
}

import FanoutAdapters
import FanoutConfig
import FanoutCore
import FanoutPosix
import FanoutProtocol
import FanoutReport
import FanoutSSH
import Foundation

/// Runs one suite: discovers and weighs scopes, starts agents, serves the queue through `RunCoordinator`,
/// feeds every reporter from the one event stream, and records history.
public final class RunController {
    /// Per-batch overhead assumed for an adapter with no history yet (seconds).
    public static let defaultBatchOverhead = 0.5
    /// How long agents get to exit after shutdown before they are killed.
    static let agentExitTimeout = 5.0
    /// How long agents get to kill their batches and exit when the run does not wait for them.
    static let abandonedAgentExitTimeout = 1.0
    /// How long an ended run waits for host setups still under way, so none is cut off mid-handshake.
    static let setupSettleTimeout = 30.0
    /// A joined host from which nothing (not even a heartbeat, sent every 2 s) arrived for this long is lost.
    static let defaultHeartbeatTimeout = 10.0
    /// Longest gap between the controller's own heartbeats to its agents, which stop their tests when these stop.
    static let heartbeatInterval = 2.0

    let options: RunOptions
    private var reporters: [any RunReporter]
    private var reporterErrors: [String] = []
    /// Per host: slots and the workspace path on that host, known once the host is set up.
    private var hostSlots: [String: Int] = [:]
    private var hostWorkspaces: [String: String] = [:]
    private var joinedHosts: Set<String> = []
    private var nextGlobalSlot = 0
    private var connections: [String: any AgentConnection] = [:]
    /// When each joined host was last heard from.
    private var lastHeard: [String: Double] = [:]
    /// Messages of agents whose host's setup has not been reported yet, in arrival order.
    private var earlyMessages: [String: [ControllerInput]] = [:]
    /// Hosts whose setup thread has not reported yet.
    var hostsSettingUp: Set<String> = []
    /// Hosts declared lost for silence or refused for their agent's version; what they still send is ignored.
    private var disownedHosts: Set<String> = []
    /// Hosts whose agent was started and has not said hello yet, with when it was started.
    private var awaitingHello: [String: Double] = [:]

    public init(options: RunOptions, reporters: [any RunReporter]) {
        self.options = options
        self.reporters = reporters
    }

    /// Runs to the end and returns the merged report. Reporter failures are collected in `reporterErrors`.
    public func run() throws -> (report: RunReport, reporterErrors: [String]) {
        let plan = try RunPlanning.plan(options)
        reporters.append(
            HistorySink(
                store: HistoryStore(workspace: options.workspace),
                recording: HistoryRecording(
                    universe: Set(plan.discovered.map(\.id)), partialScopes: plan.partialScopes,
                    adapter: options.adapter.name)))
        var coordinator = RunCoordinator(
            runID: options.runID, adapter: options.adapter.name, workspace: options.workspace,
            scopes: plan.queued, policy: plan.policy, startedAt: SystemInfo.now,
            expectedHosts: max(1, options.hosts.count), maxFailures: options.maxFailures, smoke: plan.smoke,
            isolated: plan.isolated, retries: options.retries, flakyFails: options.flakyFails)

        let mailbox = Mailbox<ControllerInput>()
        try SignalWatcher.install { mailbox.post(.signal($0)) }
        var finalReport: RunReport?
        var abandonAgents = false
        func broadcast(_ message: ControllerMessage) {
            for connection in self.connections.values { connection.send(message) }
        }
        func perform(_ actions: [RunCoordinator.Action]) {
            for action in actions {
                switch action {
                case .run(let batch, let worker):
                    self.connections[worker.host]?.send(.batch(slot: worker.slot, batch: batch))
                case .cancelAll: broadcast(.cancel)
                case .shutdownAgents(let immediately):
                    // Without the shutdown message, an agent sees its input end and kills what it runs at once.
                    if immediately { abandonAgents = true } else { broadcast(.shutdown) }
                case .emit(let event): publish(event)
                case .finish(let report): finalReport = report
                case .runSetup(let scope):
                    startIsolationCommand(
                        .setup, scope: scope, rules: plan.isolationRules, hosts: joinedHosts.sorted(), mailbox: mailbox)
                case .runTeardown(let scope):
                    startIsolationCommand(
                        .teardown, scope: scope, rules: plan.isolationRules, hosts: joinedHosts.sorted(),
                        mailbox: mailbox)
                }
            }
        }

        perform(coordinator.start(now: SystemInfo.now))
        if let historyNotice = plan.historyNotice { publish(.notice(historyNotice)) }
        for notice in plan.notices { publish(.notice(notice)) }
        if finalReport == nil {
            if options.hosts.isEmpty {
                let local = try LocalAgentConnection(host: "local", agentPath: options.agentPath, mailbox: mailbox)
                connections[local.host] = local
                hostSlots[local.host] = options.slots
                hostWorkspaces[local.host] = options.workspace
                awaitingHello[local.host] = SystemInfo.now
            } else {
                try startRemoteHosts(mailbox: mailbox)
            }
        }
        var heartbeatSent = SystemInfo.now
        // Four heartbeats per timeout at least, so a slow loop turn never looks like a lost controller.
        let heartbeatEvery = min(Self.heartbeatInterval, (options.heartbeatTimeout ?? Self.defaultHeartbeatTimeout) / 4)
        while finalReport == nil {
            if SystemInfo.now - heartbeatSent >= heartbeatEvery {
                broadcast(.heartbeat)
                heartbeatSent = SystemInfo.now
            }
            perform(checkSilence(coordinator: &coordinator))
            guard let input = mailbox.take(timeout: min(1, heartbeatEvery)) else { continue }
            if let host = input.agentHost, disownedHosts.contains(host) { continue }
            if case .message(let host, _) = input { lastHeard[host] = SystemInfo.now }
            if case .hostFailed(let host, _, _) = input { hostsSettingUp.remove(host) }
            if case .hostReady(let host, let connection, let slots, let workspace, let note) = input {
                hostsSettingUp.remove(host)
                connections[host] = connection
                hostSlots[host] = slots
                hostWorkspaces[host] = workspace
                awaitingHello[host] = SystemInfo.now
                publish(.notice(note))
                // The agent's first words can overtake the news that its host is set up.
                for early in earlyMessages.removeValue(forKey: host) ?? [] {
                    perform(translate(early, coordinator: &coordinator))
                }
                continue
            }
            if case .message(let host, _) = input, connections[host] == nil {
                earlyMessages[host, default: []].append(input)
                continue
            }
            perform(translate(input, coordinator: &coordinator))
        }
        for (host, connection) in connections {
            connection.finish(
                timeout: disownedHosts.contains(host)
                    ? 0 : abandonAgents ? Self.abandonedAgentExitTimeout : Self.agentExitTimeout)
        }
        settleHostSetups(mailbox: mailbox)
        return (finalReport!, reporterErrors)
    }

    private func translate(_ input: ControllerInput, coordinator: inout RunCoordinator) -> [RunCoordinator.Action] {
        let now = SystemInfo.now
        switch input {
        case .signal:
            return coordinator.handle(.interrupt, now: now)
        case .hostReady:
            return []
        case .setupNotice(let text):
            publish(.notice(text))
            return []
        case .isolationCommandFinished(let kind, let scope, let succeeded, let detail):
            switch kind {
            case .setup:
                return coordinator.handle(.setupFinished(scope: scope, succeeded: succeeded, detail: detail), now: now)
            case .teardown:
                return coordinator.handle(
                    .teardownFinished(scope: scope, succeeded: succeeded, detail: detail), now: now)
            }
        case .hostFailed(let host, let message, let fatal):
            if fatal { return coordinator.handle(.abort(reason: message, exitCode: .usageError), now: now) }
            return coordinator.handle(.hostUnavailable(host: host, reason: message), now: now)
        case .closed(let host, let detail):
            guard joinedHosts.contains(host) else {
                return coordinator.handle(.hostUnavailable(host: host, reason: detail), now: now)
            }
            return coordinator.handle(.agentLost(host: host, reason: detail), now: now)
        case .unreadable(let host, let line, let error):
            publish(.notice("agent on \(host) sent a line that is not a protocol message (\(error)): \(line)"))
            return []
        case .message(let host, let message):
            switch message {
            case .hello(let agent):
                awaitingHello[host] = nil
                guard agent.protocolVersion == ProtocolVersion.current else {
                    disownedHosts.insert(host)
                    connections[host]?.send(.shutdown)
                    return coordinator.handle(
                        .hostUnavailable(
                            host: host,
                            reason: "its agent \(agent.agentVersion) speaks protocol \(agent.protocolVersion) but "
                                + "this controller (\(FanoutVersion.string)) speaks \(ProtocolVersion.current); "
                                + "install matching versions (--agent names the agent binary to upload)"), now: now)
                }
                let slots = hostSlots[host] ?? agent.cpuCount
                let first = nextGlobalSlot
                nextGlobalSlot += slots
                joinedHosts.insert(host)
                connections[host]?.send(.hello(hello(host: host, slots: slots, firstGlobalSlot: first)))
                return coordinator.handle(.agentJoined(host: host, slots: slots), now: now)
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

    /// Declares lost every joined host that has been silent longer than the heartbeat timeout: a cut link or a
    /// frozen host sends no error, only silence.
    private func checkSilence(coordinator: inout RunCoordinator) -> [RunCoordinator.Action] {
        let now = SystemInfo.now
        let limit = options.heartbeatTimeout ?? Self.defaultHeartbeatTimeout
        var actions: [RunCoordinator.Action] = []
        for (host, heard) in lastHeard where now - heard > limit && !disownedHosts.contains(host) {
            disownedHosts.insert(host)
            let reason = String(
                format: "nothing heard from its agent for %.0f s (heartbeats stopped): its link or host is down",
                now - heard)
            actions += coordinator.handle(.agentLost(host: host, reason: reason), now: now)
        }
        for (host, started) in awaitingHello where now - started > options.setupTimeout {
            awaitingHello[host] = nil
            disownedHosts.insert(host)
            connections[host]?.finish(timeout: 0)
            let reason = String(
                format: "its agent was started but did not say hello within %.0f s (stage: agent start); run "
                    + "`fanout hosts check` and look at the host's load", options.setupTimeout)
            actions += coordinator.handle(.hostUnavailable(host: host, reason: reason), now: now)
        }
        return actions
    }

    /// Slots across the run as far as known: every set-up host's slots (hosts still being set up are not
    /// counted yet).
    private var knownTotalSlots: Int { hostSlots.values.reduce(0, +) }

    private func hello(host: String, slots: Int, firstGlobalSlot: Int) -> ControllerHello {
        ControllerHello(
            runID: options.runID, host: host, slots: slots, totalSlots: max(knownTotalSlots, firstGlobalSlot + slots),
            firstGlobalSlot: firstGlobalSlot, workspace: hostWorkspaces[host] ?? options.workspace,
            adapter: options.adapter, heartbeatTimeout: options.heartbeatTimeout ?? Self.defaultHeartbeatTimeout)
    }

    /// Hands an event to every reporter; a failing reporter is noted and the others still get the event.
    func publish(_ event: RunEvent) {
        for index in reporters.indices {
            do {
                try reporters[index].handle(event)
            } catch {
                reporterErrors.append("\(error)")
            }
        }
    }
}

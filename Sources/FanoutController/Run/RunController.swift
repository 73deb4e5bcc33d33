import FanoutAdapters
import FanoutConfig
import FanoutCore
import FanoutPosix
import FanoutProtocol
import FanoutReport
import Foundation

/// Runs one suite: plans it, starts agents, and runs the loop that feeds every input to the `HostRoster` and the
/// `RunCoordinator` and performs what they decide; every reporter and the history listen to one event stream.
public final class RunController {
    /// Per-batch overhead assumed for an adapter with no history yet (seconds): a new interpreter's start, or a
    /// fork of a warm worker (measured at 13 to 24 ms on two cores; Benchmarks/warm_benchmark.py).
    public static func defaultBatchOverhead(warm: Bool) -> Double { warm ? 0.05 : 0.5 }
    /// How long agents get to exit after shutdown before they are killed (a Django agent drops its per-worker
    /// databases as it ends).
    static let agentExitTimeout = 20.0
    /// How long agents get to kill their batches and exit when the run does not wait for them.
    static let abandonedAgentExitTimeout = 1.0
    /// How long an ended run waits for host setups still under way, so none is cut off mid-handshake.
    static let setupSettleTimeout = 30.0
    /// A joined host from which nothing (not even a heartbeat, sent every 2 s) arrived for this long is lost.
    static let defaultHeartbeatTimeout = 10.0
    /// Longest gap between the controller's own heartbeats to its agents, which stop their tests when these stop.
    static let heartbeatInterval = 2.0

    let options: RunOptions
    let mailbox = Mailbox<ControllerInput>()
    var roster: HostRoster<AgentMessage>
    var coordinator: RunCoordinator!
    var connections: [String: any AgentConnection] = [:]
    /// Each joined remote host's workspace directory, where its artifacts are brought back from.
    var remoteWorkspaces: [String: String] = [:]
    var isolationRules: [IsolationRule] = []
    /// The adapter and local slots the agents get: the options', or one cold process for a tiny suite.
    var adapter: AdapterSpec
    private var localSlots: Int
    var finalReport: RunReport?
    /// The run's coverage report (`--cov`), once made; `coverageProblem` says why none could be.
    public internal(set) var coverageOutcome: PytestCoverageReport.Outcome?
    public internal(set) var coverageProblem: String?
    /// The run ends without waiting for agents' batches (a second interrupt): agents get less time to exit.
    var abandonAgents = false
    private var reporters: [any RunReporter]
    private var reporterErrors: [String] = []

    public init(options: RunOptions, reporters: [any RunReporter]) {
        self.options = options
        self.reporters = reporters
        adapter = options.adapter
        localSlots = options.slots
        roster = HostRoster(
            settings: HostRosterSettings(
                protocolVersion: ProtocolVersion.current, controllerVersion: FanoutVersion.string,
                heartbeatTimeout: options.heartbeatTimeout ?? Self.defaultHeartbeatTimeout,
                helloTimeout: options.setupTimeout))
    }

    /// Runs to the end and returns the merged report with what reporters failed to do.
    public func run() throws -> (report: RunReport, reporterErrors: [String]) {
        // Setting hosts up (connect, sync, upload and start the agent) needs no plan: it runs while the plan is
        // made (discovery, and collection where files are split), and the first batches go out sooner.
        if !options.hosts.isEmpty { try startRemoteHosts() }
        let plan: RunPlan
        do {
            plan = try RunPlanning.plan(options)
        } catch {
            settleHostSetups()
            throw error
        }
        isolationRules = plan.isolationRules
        if plan.singleProcess {
            adapter.warm = false
            localSlots = 1
        }
        reporters.append(
            HistorySink(
                store: HistoryStore(workspace: options.workspace),
                recording: HistoryRecording(
                    universe: Set(plan.discovered.map(\.id)), partialScopes: plan.partialScopes,
                    overheadKey: plan.overheadKey)))
        coordinator = RunCoordinator(
            runID: options.runID, adapter: options.adapter.name, workspace: options.workspace,
            scopes: plan.queued, policy: plan.policy, startedAt: SystemInfo.now,
            expectedHosts: max(1, options.hosts.count), maxFailures: options.maxFailures, smoke: plan.smoke,
            isolated: plan.isolated, retries: options.retries, flakyFails: options.flakyFails,
            speculate: plan.queued.contains(where: \.mayRunTwice))
        coordinator.shard = plan.shard
        let mailbox = self.mailbox
        try SignalWatcher.install { mailbox.post(.signal($0)) }
        perform(coordinator.start(now: SystemInfo.now))
        publish(.planned(expectedSeconds: Self.expectedSeconds(plan.allUnits)))
        for notice in [plan.historyNotice].compactMap({ $0 }) + plan.notices { publish(.notice(notice)) }
        if finalReport == nil && options.hosts.isEmpty { try startLocalAgent() }
        serve()
        // Lost hosts have nothing to give back, and a second interrupt wants the run over now.
        let stillJoined = abandonAgents ? [] : Set(remoteWorkspaces.keys.filter { roster.listens(to: $0) })
        finishAgents()
        settleHostSetups()
        collectArtifacts(from: stillJoined)
        reportCoverage(from: stillJoined, testsFailed: finalReport?.exitCode == .testsFailed)
        return (finalReport!, reporterErrors)
    }

    /// Lets every agent end at once, each on a thread of its own, so that their cleanups (a Django agent drops its
    /// per-worker databases) overlap instead of adding up host after host.
    private func finishAgents() {
        let ended = Mailbox<Bool>()
        for (host, connection) in connections {
            let timeout =
                !roster.listens(to: host)
                ? 0 : abandonAgents ? Self.abandonedAgentExitTimeout : Self.agentExitTimeout
            Threads.start("fanout-finish-\(host)") {
                connection.finish(timeout: timeout)
                ended.post(true)
            }
        }
        for _ in connections { _ = ended.take() }
    }

    /// Starts the local agent, for a run without hosts.
    private func startLocalAgent() throws {
        let local = try LocalAgentConnection(host: "local", agentPath: options.agentPath, mailbox: mailbox)
        connections[local.host] = local
        perform(
            roster.setupFinished(
                host: local.host, slots: localSlots, workspace: options.workspace, now: SystemInfo.now))
    }

    /// Per scope, the expected seconds of the units with history that hold it (a pinned group's shared evenly).
    static func expectedSeconds(_ units: [WeightedScope]) -> [String: Double] {
        var expected: [String: Double] = [:]
        for unit in units where unit.isKnown {
            let share = unit.expectedSeconds / Double(max(1, unit.scopeIDs.count))
            for scope in unit.scopeIDs { expected[scope, default: 0] += share }
        }
        return expected
    }

    /// The run loop: heartbeats out, time and inputs in, until the coordinator hands over the report.
    private func serve() {
        var heartbeatSent = SystemInfo.now
        var ticked = SystemInfo.now
        // Four heartbeats per timeout at least, so a slow loop turn never looks like a lost controller.
        let heartbeatEvery = min(Self.heartbeatInterval, roster.settings.heartbeatTimeout / 4)
        while finalReport == nil {
            if SystemInfo.now - heartbeatSent >= heartbeatEvery {
                broadcast(.heartbeat)
                heartbeatSent = SystemInfo.now
            }
            perform(roster.tick(now: SystemInfo.now))
            perform(coordinator.tick(now: SystemInfo.now))
            if SystemInfo.now - ticked >= 1 {
                ticked = SystemInfo.now
                publish(.tick(at: ticked))
            }
            guard let input = mailbox.take(timeout: min(1, heartbeatEvery)) else { continue }
            handle(input)
        }
    }

    func broadcast(_ message: ControllerMessage) {
        for connection in connections.values { connection.send(message) }
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

import FanoutCore
import FanoutProtocol

/// The run loop's hands: what the roster and the coordinator decide, done.
extension RunController {
    func perform(_ actions: [HostRoster<AgentMessage>.Action]) {
        for action in actions {
            switch action {
            case .deliver(let host, let message):
                if let input = coordinatorInput(for: message, from: host) { coordinate(input) }
            case .welcome(let host, let slots, let firstGlobalSlot, let totalSlots, let workspace):
                var hello = ControllerHello(
                    runID: options.runID, host: host, slots: slots, totalSlots: totalSlots,
                    firstGlobalSlot: firstGlobalSlot, workspace: workspace, adapter: adapter,
                    heartbeatTimeout: roster.settings.heartbeatTimeout)
                hello.hostSetup = options.hostSetup
                hello.workerSetup = options.workerSetup
                hello.database = options.database
                connections[host]?.send(.hello(hello))
                coordinate(.agentJoined(host: host, slots: slots))
            case .refuse(let host, let reason):
                connections[host]?.send(.shutdown)
                coordinate(.hostUnavailable(host: host, reason: reason))
            case .lose(let host, let reason):
                coordinate(.agentLost(host: host, reason: reason))
            case .leaveOut(let host, let reason, let disconnect):
                if disconnect { connections[host]?.finish(timeout: 0) }
                coordinate(.hostUnavailable(host: host, reason: reason))
            case .abortRun(let reason):
                coordinate(.abort(reason: reason, exitCode: .usageError))
            case .note(let text):
                publish(.notice(text))
            }
        }
    }

    func perform(_ actions: [RunCoordinator.Action]) {
        for action in actions {
            switch action {
            case .run(let batch, let worker):
                connections[worker.host]?.send(.batch(slot: worker.slot, batch: batch))
            case .cancel(let batchID, let worker):
                connections[worker.host]?.send(.cancelBatch(slot: worker.slot, batchID: batchID))
            case .cancelAll:
                broadcast(.cancel)
            case .shutdownAgents(let immediately):
                // Without the shutdown message, an agent sees its input end and kills what it runs at once.
                if immediately { abandonAgents = true } else { broadcast(.shutdown) }
            case .emit(let event):
                publish(event)
            case .finish(let report):
                finalReport = report
            case .runSetup(let scope):
                startIsolationCommand(.setup, scope: scope)
            case .runTeardown(let scope):
                startIsolationCommand(.teardown, scope: scope)
            }
        }
    }
}

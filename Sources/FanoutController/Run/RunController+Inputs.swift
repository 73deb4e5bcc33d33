import FanoutCore
import FanoutPosix
import FanoutProtocol

/// What the run loop does with each input: host news goes to the roster, the rest to the coordinator.
extension RunController {
    func handle(_ input: ControllerInput) {
        let now = SystemInfo.now
        switch input {
        case .message(let host, let message):
            perform(roster.received(message, from: host, now: now))
        case .closed(let host, let detail):
            perform(roster.connectionClosed(host: host, detail: detail, now: now))
        case .unreadable(let host, let line, let error):
            guard roster.listens(to: host) else { return }
            publish(.notice("agent on \(host) sent a line that is not a protocol message (\(error)): \(line)"))
        case .hostReady(let host, let connection, let slots, let workspace, let note):
            connections[host] = connection
            remoteWorkspaces[host] = workspace
            publish(.notice(note))
            perform(roster.setupFinished(host: host, slots: slots, workspace: workspace, now: now))
        case .hostFailed(let host, let message, let fatal):
            perform(roster.setupFailed(host: host, reason: message, fatal: fatal))
        case .signal:
            coordinate(.interrupt)
        case .setupNotice(let text):
            publish(.notice(text))
        case .isolationCommandFinished(.setup, let scope, let succeeded, let detail):
            coordinate(.setupFinished(scope: scope, succeeded: succeeded, detail: detail))
        case .isolationCommandFinished(.teardown, let scope, let succeeded, let detail):
            coordinate(.teardownFinished(scope: scope, succeeded: succeeded, detail: detail))
        }
    }

    /// The coordinator's input for a message from a joined host's agent, nil for those it does not take.
    func coordinatorInput(for message: AgentMessage, from host: String) -> RunCoordinator.Input? {
        switch message {
        case .ready(let slot):
            return .slotReady(WorkerID(host: host, slot: slot))
        case .testStarted(_, let slot, let testID, let scope, let at):
            return .testStarted(testID: testID, scope: scope, worker: WorkerID(host: host, slot: slot), at: at)
        case .testFinished(let result):
            return .testFinished(result)
        case .batchDone(let completion):
            return .batchDone(completion)
        case .log(.fatal, let text):
            return .agentLost(host: host, reason: text)
        case .log(_, let text):
            publish(.notice("agent on \(host): \(text)"))
            return nil
        case .hello, .heartbeat:
            return nil
        }
    }

    func coordinate(_ input: RunCoordinator.Input) {
        perform(coordinator.handle(input, now: SystemInfo.now))
    }
}

import FanoutProtocol

/// Everything the controller's loop reacts to, from any thread.
public enum ControllerInput: Sendable {
    case message(host: String, AgentMessage)
    /// A line from the agent that is not a protocol message.
    case unreadable(host: String, line: String, error: String)
    /// The agent's output ended (it exited or the connection dropped).
    case closed(host: String, detail: String)
    case signal(Int32)
    /// A remote host is set up and its agent started; `note` says what setup did.
    case hostReady(host: String, connection: any AgentConnection, slots: Int, workspace: String, note: String)
    /// A remote host could not be set up. `fatal` problems (a refused host key, failed authentication)
    /// stop the run; others leave the run to the remaining hosts.
    case hostFailed(host: String, message: String, fatal: Bool)
    /// Something a host's setup wants the user to know while it goes on (it waits for another run).
    case setupNotice(String)
    /// The setup or teardown command of an isolated scope ended.
    case isolationCommandFinished(kind: IsolationCommand.Kind, scope: String, succeeded: Bool, detail: String)

    /// The host whose agent this input comes from, for what an agent sends or its connection ending.
    var agentHost: String? {
        switch self {
        case .message(let host, _), .unreadable(let host, _, _), .closed(let host, _): host
        default: nil
        }
    }
}

import FanoutProtocol

/// A live connection to one agent. Locally it is a pair of pipes; over SSH it will be an exec channel.
/// Incoming messages go to the controller's mailbox, so a connection only needs to send and end.
public protocol AgentConnection: Sendable {
    /// Host label used in worker ids and messages.
    var host: String { get }
    func send(_ message: ControllerMessage)
    /// Waits up to `timeout` seconds for the agent to exit by itself, then makes sure it is gone.
    func finish(timeout: Double)
}

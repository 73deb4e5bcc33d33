import FanoutProtocol

/// Everything the controller's loop reacts to, from any thread.
public enum ControllerInput: Sendable {
    case message(host: String, AgentMessage)
    /// A line from the agent that is not a protocol message.
    case unreadable(host: String, line: String, error: String)
    /// The agent's output ended (it exited or the connection dropped).
    case closed(host: String, detail: String)
    case signal(Int32)
}

import FanoutCore

/// What the agent's shell does for a decision of its `AgentConversation`.
public enum AgentConversationAction: Sendable, Equatable {
    /// Tell the controller (and the agent's stderr) something.
    case log(AgentMessage.LogLevel, String)
    /// Set up the session the controller's hello describes (workspace, slots, warm workers) and announce its
    /// slots; report `sessionFailed` when that fails.
    case startSession(ControllerHello)
    /// Run `batch` in `slot` of the session.
    case run(Batch, slot: Int)
    /// Stop batch `batchID` now if `slot` still runs it.
    case cancel(batchID: Int, slot: Int)
    /// Stop every running batch now.
    case cancelAll
    /// Stop every running batch, wait for them to end, clean up and exit with code 0.
    case finish
    /// Kill what runs, clean up and exit with `code` at once.
    case exit(code: Int32)
}

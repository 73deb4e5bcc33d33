import FanoutCore

/// The agent's side of the protocol, as a value: it waits for the controller's hello, then takes batches,
/// cancels and the shutdown, and ends when its input ends or the session cannot start. Each event returns the
/// actions the agent's shell performs; nothing here does I/O.
public struct AgentConversation: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case awaitingHello
        case running
        case ended
    }

    /// What reaches the agent on its input, or what became of starting its session.
    public enum Event: Sendable, Equatable {
        case received(ControllerMessage)
        /// A line that is not a protocol message; `reason` says why.
        case unreadable(reason: String)
        /// A line longer than the protocol's limit.
        case oversized
        /// The input ended: the controller is gone, and nothing may keep running on its behalf.
        case inputEnded
        case sessionFailed(String)
    }

    public typealias Action = AgentConversationAction

    public private(set) var state: State = .awaitingHello

    public init() {}

    public mutating func handle(_ event: Event) -> [Action] {
        guard state != .ended else { return [] }
        switch event {
        case .received(let message):
            return handle(message)
        case .unreadable(let reason):
            return [.log(.warning, "ignored a message the agent could not read: \(reason)")]
        case .oversized:
            return [.log(.warning, "ignored a message over the size limit")]
        case .inputEnded:
            state = .ended
            return [.exit(code: 0)]
        case .sessionFailed(let reason):
            state = .ended
            return [.log(.fatal, reason), .exit(code: 3)]
        }
    }

    private mutating func handle(_ message: ControllerMessage) -> [Action] {
        switch (message, state) {
        case (.hello(let hello), .awaitingHello):
            state = .running
            return [.startSession(hello)]
        case (.hello, _):
            return [.log(.warning, "ignored a second hello: this agent already serves a run")]
        case (.batch, .awaitingHello):
            state = .ended
            return [.log(.fatal, "received a batch before hello"), .exit(code: 3)]
        case (.batch(let slot, let batch), _):
            return [.run(batch, slot: slot)]
        case (.cancel, _):
            return [.cancelAll]
        case (.cancelBatch(let slot, let batchID), _):
            return [.cancel(batchID: batchID, slot: slot)]
        case (.shutdown, _):
            state = .ended
            return [.finish]
        case (.heartbeat, _):
            return []
        }
    }
}

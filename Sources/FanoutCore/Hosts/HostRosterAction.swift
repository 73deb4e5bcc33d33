/// What the controller's shell does for a decision of the `HostRoster`.
public enum HostRosterAction<Message: AgentGreetingCarrier>: Sendable {
    /// Hand an agent's message (any but its hello) on to the run.
    case deliver(host: String, Message)
    /// The host's agent said hello in a version this controller speaks: greet it with its slots (numbered
    /// from `firstGlobalSlot` across the run) and let it join the run.
    case welcome(host: String, slots: Int, firstGlobalSlot: Int, totalSlots: Int, workspace: String)
    /// The host's agent speaks another protocol: tell it to shut down; the run goes on without it.
    case refuse(host: String, reason: String)
    /// A host that had joined is gone (its connection closed or it fell silent): its work runs elsewhere.
    case lose(host: String, reason: String)
    /// A host that never joined will not: the run goes on without it. `disconnect` drops its connection.
    case leaveOut(host: String, reason: String, disconnect: Bool)
    /// Something the user should know about the hosts (hosts that share one kernel's CPUs).
    case note(String)
    /// A host's setup failed in a way that no other host can make good (a refused host key): stop the run.
    case abortRun(reason: String)
}

extension HostRosterAction: Equatable where Message: Equatable {}

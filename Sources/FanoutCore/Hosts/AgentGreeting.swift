/// What the host roster needs from an agent's first message: the protocol it speaks and how many CPUs it has.
public struct AgentGreeting: Sendable, Equatable {
    public var protocolVersion: Int
    public var agentVersion: String
    public var cpuCount: Int

    public init(protocolVersion: Int, agentVersion: String, cpuCount: Int) {
        self.protocolVersion = protocolVersion
        self.agentVersion = agentVersion
        self.cpuCount = cpuCount
    }
}

/// A message from an agent, as far as the roster cares: whether it is the agent's greeting.
public protocol AgentGreetingCarrier: Sendable {
    /// The greeting when this message is the agent's hello, nil for every other message.
    var greeting: AgentGreeting? { get }
}

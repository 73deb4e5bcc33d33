/// What the host roster needs from an agent's first message: the protocol it speaks, how many CPUs it has, and
/// the kernel it shares them with other hosts on (nil when unknown).
public struct AgentGreeting: Sendable, Equatable {
    public var protocolVersion: Int
    public var agentVersion: String
    public var cpuCount: Int
    public var kernel: SharedKernel?

    public init(protocolVersion: Int, agentVersion: String, cpuCount: Int, kernel: SharedKernel? = nil) {
        self.protocolVersion = protocolVersion
        self.agentVersion = agentVersion
        self.cpuCount = cpuCount
        self.kernel = kernel
    }
}

/// A message from an agent, as far as the roster cares: whether it is the agent's greeting, and whether it says
/// a slot is ready for work (which ends the host's warm-up).
public protocol AgentGreetingCarrier: Sendable {
    /// The greeting when this message is the agent's hello, nil for every other message.
    var greeting: AgentGreeting? { get }
    /// Whether this message says one of the agent's slots is ready for work.
    var saysSlotReady: Bool { get }
}

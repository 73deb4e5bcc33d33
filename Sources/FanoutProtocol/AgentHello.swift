import FanoutCore

/// First message from an agent: who it is and what it can do.
public struct AgentHello: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var agentVersion: String
    public var hostname: String
    public var cpuCount: Int
    public var pid: Int32
    /// The kernel the agent runs on, so the controller knows which hosts share CPUs; nil when not known.
    public var kernel: SharedKernel?

    public init(
        protocolVersion: Int = ProtocolVersion.current, agentVersion: String, hostname: String, cpuCount: Int,
        pid: Int32, kernel: SharedKernel? = nil
    ) {
        self.protocolVersion = protocolVersion
        self.agentVersion = agentVersion
        self.hostname = hostname
        self.cpuCount = cpuCount
        self.pid = pid
        self.kernel = kernel
    }
}

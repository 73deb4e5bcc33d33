/// First message from the controller: everything an agent needs for the run.
public struct ControllerHello: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var runID: String
    /// Label of this agent's host in the run (`local`, `h1`, ...).
    public var host: String
    public var slots: Int
    /// Slots across all hosts, shown to tests as `PYTEST_XDIST_WORKER_COUNT`.
    public var totalSlots: Int
    /// Index of this host's first slot across all hosts, so worker numbers are unique run-wide.
    public var firstGlobalSlot: Int
    /// Absolute workspace path on the agent's host.
    public var workspace: String
    public var adapter: AdapterSpec

    public init(
        protocolVersion: Int = ProtocolVersion.current, runID: String, host: String, slots: Int, totalSlots: Int,
        firstGlobalSlot: Int, workspace: String, adapter: AdapterSpec
    ) {
        self.protocolVersion = protocolVersion
        self.runID = runID
        self.host = host
        self.slots = slots
        self.totalSlots = totalSlots
        self.firstGlobalSlot = firstGlobalSlot
        self.workspace = workspace
        self.adapter = adapter
    }
}

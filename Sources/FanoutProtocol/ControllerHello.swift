import FanoutCore

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
    /// Seconds without any message from the controller (it sends a heartbeat every few seconds) after which the
    /// agent takes it to be gone: a cut link sends nothing, not even an end of input. It then stops its tests.
    public var heartbeatTimeout: Double
    /// Commands the host runs in its workspace before its slots take work (`[[host_setup]]`).
    public var hostSetup: [HostSetupCommand] = []
    /// Commands each slot runs before its first batch, with their teardowns (`[[worker_setup]]`).
    public var workerSetup: [WorkerSetupCommand] = []
    /// The database every slot gets a clone of (`[database]`), if any.
    public var database: WorkerDatabaseSpec?

    public init(
        protocolVersion: Int = ProtocolVersion.current, runID: String, host: String, slots: Int, totalSlots: Int,
        firstGlobalSlot: Int, workspace: String, adapter: AdapterSpec, heartbeatTimeout: Double = 10
    ) {
        self.heartbeatTimeout = heartbeatTimeout
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

extension ControllerHello {
    private enum CodingKeys: String, CodingKey {
        case protocolVersion, runID, host, slots, totalSlots, firstGlobalSlot, workspace, adapter, heartbeatTimeout
        case hostSetup, workerSetup, database
    }

    /// Decodes a hello; one without `heartbeatTimeout` (protocol 1) still decodes, so the agent can name the
    /// version mismatch instead of failing to read the message.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            protocolVersion: try container.decode(Int.self, forKey: .protocolVersion),
            runID: try container.decode(String.self, forKey: .runID),
            host: try container.decode(String.self, forKey: .host),
            slots: try container.decode(Int.self, forKey: .slots),
            totalSlots: try container.decode(Int.self, forKey: .totalSlots),
            firstGlobalSlot: try container.decode(Int.self, forKey: .firstGlobalSlot),
            workspace: try container.decode(String.self, forKey: .workspace),
            adapter: try container.decode(AdapterSpec.self, forKey: .adapter),
            heartbeatTimeout: try container.decodeIfPresent(Double.self, forKey: .heartbeatTimeout) ?? 10)
        hostSetup = try container.decodeIfPresent([HostSetupCommand].self, forKey: .hostSetup) ?? []
        workerSetup = try container.decodeIfPresent([WorkerSetupCommand].self, forKey: .workerSetup) ?? []
        database = try container.decodeIfPresent(WorkerDatabaseSpec.self, forKey: .database)
    }
}

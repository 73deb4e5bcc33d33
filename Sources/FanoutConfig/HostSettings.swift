/// One `[[hosts]]` entry (or one name from `--hosts`). Unset fields come from ~/.ssh/config, then defaults.
public struct HostSettings: Sendable, Equatable {
    /// What the user calls the host: an ssh_config alias or an address. Also the label in worker ids.
    public var name: String
    public var address: String?
    public var user: String?
    public var port: Int?
    /// Private key file.
    public var identity: String?
    /// Concurrent test processes on the host (default: its CPU count).
    public var slots: Int?
    /// Directory on the host the workspace is synced into (default: under ~/.cache/fanout/workspaces).
    public var workspace: String?
    /// Config line of the entry, for messages.
    public var line: Int?

    public init(
        name: String, address: String? = nil, user: String? = nil, port: Int? = nil, identity: String? = nil,
        slots: Int? = nil, workspace: String? = nil, line: Int? = nil
    ) {
        self.name = name
        self.address = address
        self.user = user
        self.port = port
        self.identity = identity
        self.slots = slots
        self.workspace = workspace
        self.line = line
    }
}

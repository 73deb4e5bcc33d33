/// Where and how to reach one host over SSH.
public struct SSHTarget: Sendable, Equatable, Codable {
    /// Label in messages and worker ids (`h1`, `buildbox1`).
    public var label: String
    /// Address to connect to (HostName).
    public var address: String
    public var port: Int
    public var user: String
    /// Private key files to try, in order, after any ssh-agent identities.
    public var identityFiles: [String]
    /// The user's known_hosts files to check the host key against; new keys go into the first.
    public var knownHostsFiles: [String]
    /// The system's known_hosts files, read after the user's (ssh_config's GlobalKnownHostsFile).
    public var globalKnownHostsFiles: [String]
    /// Record new hosts with hashed names (ssh_config's HashKnownHosts).
    public var hashKnownHosts: Bool
    /// Record keys of hosts not yet known (never replaces a changed key).
    public var acceptNewHostKeys: Bool
    public var connectTimeout: Double

    public init(
        label: String, address: String, port: Int = 22, user: String, identityFiles: [String],
        knownHostsFiles: [String], acceptNewHostKeys: Bool = false, connectTimeout: Double = 10,
        globalKnownHostsFiles: [String] = SSHTarget.defaultGlobalKnownHostsFiles, hashKnownHosts: Bool = false
    ) {
        self.globalKnownHostsFiles = globalKnownHostsFiles
        self.hashKnownHosts = hashKnownHosts
        self.label = label
        self.address = address
        self.port = port
        self.user = user
        self.identityFiles = identityFiles
        self.knownHostsFiles = knownHostsFiles
        self.acceptNewHostKeys = acceptNewHostKeys
        self.connectTimeout = connectTimeout
    }

    /// OpenSSH's default GlobalKnownHostsFile.
    public static let defaultGlobalKnownHostsFiles = ["/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"]

    /// How OpenSSH names this host in known_hosts: `addr`, or `[addr]:port` off port 22.
    public var knownHostsName: String { port == 22 ? address : "[\(address)]:\(port)" }
}

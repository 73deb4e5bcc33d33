import FanoutConfig
import FanoutSSH
import Foundation

/// A remote host as the run will use it: how to reach it, how many slots, where the workspace goes.
public struct RemoteHost: Sendable, Equatable {
    public var target: SSHTarget
    /// Configured slots; nil means the host's CPU count.
    public var slots: Int?
    /// Configured workspace directory on the host; nil means the default under ~/.cache/fanout.
    public var workspace: String?

    public var label: String { target.label }

    public init(target: SSHTarget, slots: Int?, workspace: String?) {
        self.target = target
        self.slots = slots
        self.workspace = workspace
    }
}

/// Resolves host settings the way `ssh NAME` would: explicit settings first, then ~/.ssh/config, then defaults.
public struct HostResolver: Sendable {
    public var sshConfig: SSHConfigFile
    public var knownHostsFile: String?
    public var acceptNewHostKeys: Bool
    public var home: String
    public var currentUser: String
    /// Seconds for connect, handshake and authentication when ssh_config sets no ConnectTimeout.
    public var connectTimeout: Double

    public init(
        sshConfig: SSHConfigFile, knownHostsFile: String?, acceptNewHostKeys: Bool, home: String, currentUser: String,
        connectTimeout: Double = 10
    ) {
        self.connectTimeout = connectTimeout
        self.sshConfig = sshConfig
        self.knownHostsFile = knownHostsFile
        self.acceptNewHostKeys = acceptNewHostKeys
        self.home = home
        self.currentUser = currentUser
    }

    public func resolve(_ host: HostSettings) throws -> RemoteHost {
        let options = sshConfig.options(for: host.name)
        let portText = options["port"]?.first
        let configuredPort = try portText.map { text -> Int in
            guard let port = Int(text), (1...65535).contains(port) else {
                throw ControllerError("~/.ssh/config gives host \(host.name) the port '\(text)', which is not a port")
            }
            return port
        }
        let identities =
            host.identity.map { [$0] } ?? options["identityfile"]
            ?? ["~/.ssh/id_ed25519", "~/.ssh/id_ecdsa", "~/.ssh/id_rsa"]
        let knownHosts = knownHostsFile.map { [$0] } ?? options["userknownhostsfile"] ?? ["~/.ssh/known_hosts"]
        let target = SSHTarget(
            label: host.name,
            address: host.address ?? options["hostname"]?.first.map { expand($0, host: host.name) } ?? host.name,
            port: host.port ?? configuredPort ?? 22,
            user: host.user ?? options["user"]?.first ?? currentUser,
            identityFiles: identities.map { expand($0, host: host.name) },
            knownHostsFiles: knownHosts.map { expand($0, host: host.name) },
            acceptNewHostKeys: acceptNewHostKeys,
            connectTimeout: options["connecttimeout"]?.first.flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil }
                ?? connectTimeout,
            globalKnownHostsFiles: options["globalknownhostsfile"]?.first.map {
                $0.split(separator: " ").map { expand(String($0), host: host.name) }
            } ?? SSHTarget.defaultGlobalKnownHostsFiles,
            hashKnownHosts: options["hashknownhosts"]?.first?.lowercased() == "yes")
        return RemoteHost(target: target, slots: host.slots, workspace: host.workspace)
    }

    /// `~` and the ssh_config tokens Fanout supports: %h (host), %d (home), %u (local user), %% .
    func expand(_ path: String, host: String) -> String {
        var result = path.hasPrefix("~/") ? home + path.dropFirst() : path
        for (token, value) in [("%h", host), ("%d", home), ("%u", currentUser)] {
            result = result.replacingOccurrences(of: token, with: value)
        }
        return result.replacingOccurrences(of: "%%", with: "%")
    }
}

import ArgumentParser
import FanoutConfig
import FanoutController
import FanoutPosix
import Foundation

/// Flags that choose and reach remote hosts; shared by `run` and `hosts check`.
struct HostOptions: ParsableArguments {
    @Option(name: .customLong("hosts"), help: "Comma-separated hosts (names as for `ssh NAME`); overrides [[hosts]].")
    var hostList: String?

    @Option(name: .customLong("ssh-config"), help: "OpenSSH client config for host names (default: ~/.ssh/config).")
    var sshConfig: String?

    @Option(name: .customLong("known-hosts"), help: "known_hosts file for host keys (default: ~/.ssh/known_hosts).")
    var knownHosts: String?

    @Flag(
        name: .customLong("accept-new-host-keys"), help: "Record keys of unknown hosts; changed keys are still refused."
    )
    var acceptNewHostKeys = false

    /// The remote hosts to use: `--hosts`, else `[[hosts]]` from config; empty means local.
    /// `connectTimeout` bounds the TCP connect, the SSH handshake and authentication unless ssh_config's
    /// ConnectTimeout says otherwise; never more than 10 s.
    func resolve(settings: FanoutSettings, connectTimeout: Double) throws -> [RemoteHost] {
        let entries =
            hostList.map { list in
                list.split(separator: ",").map { HostSettings(name: $0.trimmingCharacters(in: .whitespaces)) }
                    .filter { !$0.name.isEmpty }
            } ?? settings.hosts
        guard !entries.isEmpty else { return [] }
        let home = SystemInfo.environment["HOME"] ?? NSHomeDirectory()
        let configPath = sshConfig ?? settings.sshConfig ?? home + "/.ssh/config"
        let configText = (try? String(contentsOfFile: configPath, encoding: .utf8)) ?? ""
        if sshConfig != nil && !FileManager.default.fileExists(atPath: configPath) {
            throw ControllerError("the ssh config \(configPath) given with --ssh-config does not exist")
        }
        let resolver = HostResolver(
            sshConfig: SSHConfigFile(parsing: configText), knownHostsFile: knownHosts ?? settings.knownHosts,
            acceptNewHostKeys: acceptNewHostKeys || (settings.acceptNewHostKeys ?? false), home: home,
            currentUser: SystemInfo.environment["USER"] ?? NSUserName(), connectTimeout: min(10, connectTimeout))
        let hosts = try entries.map(resolver.resolve)
        let labels = hosts.map(\.label)
        if let duplicate = labels.first(where: { label in labels.filter { $0 == label }.count > 1 }) {
            throw ControllerError("host \(duplicate) is listed twice")
        }
        return hosts
    }
}

import ArgumentParser
import FanoutConfig
import FanoutController
import FanoutPosix
import Foundation

/// `fanout hosts`: commands about the configured hosts.
struct HostsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hosts", abstract: "Inspect the hosts a run would use.", subcommands: [HostsCheckCommand.self])
}

/// `fanout hosts check`: one row per host with everything a run needs from it.
struct HostsCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check reachability, auth, host key, rsync, free disk, CPUs, agent and round-trip time of each host.")

    @Argument(help: "Workspace whose config lists the hosts (default: the current directory).")
    var workspace: String = "."

    @OptionGroup var hostOptions: HostOptions

    @Option(help: "Agent binary whose cached copy to look for (default: fanout-agent next to fanout).")
    var agent: String?

    func run() throws {
        let root = URL(fileURLWithPath: workspace).standardizedFileURL.path
        let hosts: [RemoteHost]
        do {
            hosts = try hostOptions.resolve(settings: SettingsLoader.load(workspace: root), connectTimeout: 10)
        } catch {
            StandardStream.error.write("fanout: error: \(error)\n")
            throw ExitCode(4)
        }
        guard !hosts.isEmpty else {
            print("no hosts configured: runs use this machine (the embedded local default)")
            return
        }
        let agentPath = agent ?? RunCommand.siblingExecutable("fanout-agent")
        let binary = try? AgentBinary(path: agentPath)
        let rows = Locked([String: HostCheck.Row]())
        let group = DispatchGroup()
        for host in hosts {
            group.enter()
            Threads.start("fanout-check-\(host.label)") {
                let row = HostCheck(host: host, agentHash: binary?.hash).run()
                rows.withLock { $0[host.label] = row }
                group.leave()
            }
        }
        group.wait()
        let ordered = hosts.map { host in rows.withLock { $0[host.label]! } }
        print(HostCheck.table(ordered), terminator: "")
        if ordered.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}

import CFanoutSpawn
import FanoutCore
import FanoutPosix
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// What runs as `fanout-agent`: a small parent of the agent proper (`fanout-agent --serve`) that outlives it.
/// It is the reaper of every process the agent started (PR_SET_CHILD_SUBREAPER), so when the agent dies in a
/// way that lets it clean nothing up (SIGKILL, the OOM killer, a crash), its test processes and the processes
/// they started come to the guardian, which kills them all and exits with the agent's status. The agent's
/// input and output are the guardian's, untouched; signals for the guardian are passed on to the agent. The
/// guardian also makes the agent's private directory (mkdtemp, 0700; `directoryVariable`), and one on the RAM file
/// system for the slots' temporary directories where there is one with room (`memoryDirectoryVariable`), and
/// removes them at the end, so not even a SIGKILL of the agent leaves them behind.
public enum AgentGuardian {
    /// The environment variable that names the private directory the guardian made for the agent.
    public static let directoryVariable = "FANOUT_AGENT_DIRECTORY"
    /// The environment variable that names the guardian's private directory on tmpfs, when it made one.
    public static let memoryDirectoryVariable = "FANOUT_AGENT_MEMORY_DIRECTORY"
    nonisolated(unsafe) private static var agentPID: pid_t = 0

    /// Starts the agent proper and guards it; returns the exit code to leave with.
    public static func run(executable: String) -> Int32 {
        _ = fanout_become_subreaper()
        let directory: String
        do {
            directory = try PrivateDirectory.make(prefix: "fanout-agent-")
        } catch {
            StandardStream.error.write("fanout-agent: \(error)\n")
            return 3
        }
        let memoryDirectory = MemoryFileSystem.privateDirectory(prefix: "fanout-agent-")
        defer {
            try? FileManager.default.removeItem(atPath: directory)
            if let memoryDirectory { try? FileManager.default.removeItem(atPath: memoryDirectory) }
        }
        var environment = SystemInfo.environment
        environment[directoryVariable] = directory
        environment[memoryDirectoryVariable] = memoryDirectory
        let agent: ChildProcess
        do {
            agent = try ChildProcess.spawn(
                arguments: [executable, "--serve"], environment: environment,
                descriptors: [
                    (STDIN_FILENO, STDIN_FILENO), (STDOUT_FILENO, STDOUT_FILENO), (STDERR_FILENO, STDERR_FILENO),
                ],
                newProcessGroup: false)
        } catch {
            StandardStream.error.write("fanout-agent: cannot start the agent: \(error)\n")
            return 3
        }
        agentPID = agent.pid
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number) { received in kill(AgentGuardian.agentPID, received) }
        }
        // The guardian never reads or writes the protocol: its descriptors are the agent's now.
        close(STDIN_FILENO)
        close(STDOUT_FILENO)
        var code: Int32?
        var status: Int32 = 0
        while true {
            let ended = waitpid(-1, &status, 0)
            if ended < 0 {
                if errno == EINTR { continue }
                break  // no children left
            }
            if ended == agent.pid { code = exitCode(status) }
            // Once the agent is gone every child is one it left behind; killing one orphans its own children,
            // which come here in turn.
            if code != nil { killOrphans() }
        }
        return code ?? 3
    }

    /// What the agent's wait status means as this process's exit code.
    private static func exitCode(_ status: Int32) -> Int32 {
        let signalled = status & 0x7f
        return signalled == 0 ? (status >> 8) & 0xff : 128 + signalled
    }

    /// Kills every child of this process: once the agent is gone, those are the processes it left behind.
    private static func killOrphans() {
        let me = getpid()
        for name in DirectoryWalk.names(in: "/proc") {
            guard let pid = pid_t(name), let stat = FileManager.default.contents(atPath: "/proc/\(name)/stat") else {
                continue
            }
            let fields = String(decoding: stat, as: UTF8.self).split(separator: ")").last?.split(separator: " ") ?? []
            if fields.count > 1, pid_t(fields[1]) == me { kill(pid, SIGKILL) }
        }
    }
}

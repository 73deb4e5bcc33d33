import FanoutAdapters
import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Runs the run's `[[host_setup]]` commands in this host's workspace, in order, before its slots take work. A
/// command with `inputs` is skipped while the files they match hash as they did after its last success (the
/// stamp is kept in the workspace's `.fanout/host-setup/`, which the sync neither sends nor deletes).
struct HostSetup: Sendable {
    let commands: [HostSetupCommand]
    let workspace: String
    /// The agent's environment plus the run's `--env`, and `FANOUT_HOST`, so a command can tell hosts apart.
    let environment: [String: String]

    /// Where the stamps live.
    var stampDirectory: String { PathText.join(workspace, ".fanout/host-setup") }

    /// Runs every command; `say` hears what each did. Throws, with the failing command's output, at the first
    /// one that fails: the host is then left out of the run.
    func run(say: (String) -> Void) throws {
        for command in commands {
            let shown = command.run.joined(separator: " ")
            let stampPath = PathText.join(stampDirectory, Self.key(of: command))
            let inputs = command.inputs.isEmpty ? nil : WorkspaceInputs.hash(command.inputs, in: workspace)
            if let inputs, let stamp = FileManager.default.contents(atPath: stampPath),
                String(decoding: stamp, as: UTF8.self) == inputs
            {
                say("host setup `\(shown)` skipped: its inputs are unchanged since it last succeeded here")
                continue
            }
            let started = SystemInfo.now
            let (termination, output) = try runCommand(command.run, shown: shown)
            guard termination == .exited(0) else {
                throw AgentError(
                    "host setup `\(shown)` failed (\(Self.phrase(termination))) in \(workspace); the host is left out. "
                        + "Its output ends:\n\(output.lastLines(40))")
            }
            say("host setup `\(shown)` ran in \(NumberText.fixed(SystemInfo.now - started, digits: 1))s")
            if let inputs {
                try? FileManager.default.createDirectory(atPath: stampDirectory, withIntermediateDirectories: true)
                try? AtomicFile.write(Array(inputs.utf8), to: stampPath)
            }
        }
    }

    private func runCommand(_ arguments: [String], shown: String) throws -> (ChildProcess.Termination, OutputTail) {
        do {
            return try CapturedCommand.run(arguments, workspace: workspace, environment: environment)
        } catch {
            throw AgentError("host setup `\(shown)` could not start in \(workspace): \(error); the host is left out")
        }
    }

    static func phrase(_ termination: ChildProcess.Termination) -> String {
        switch termination {
        case .exited(let code): "exit status \(code)"
        case .signalled(let signal): "killed by signal \(signal)"
        }
    }

    /// One stamp per command (its argv).
    static func key(of command: HostSetupCommand) -> String {
        var hasher = SHA256()
        for argument in command.run { hasher.update(Array(argument.utf8) + [0]) }
        return SHA256.hex(hasher.finalize())
    }
}

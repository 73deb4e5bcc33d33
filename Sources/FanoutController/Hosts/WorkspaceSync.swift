import FanoutCore
import FanoutPosix
import FanoutSSH
import Foundation

/// Mirrors the workspace into its directory on a host with real rsync, using `fanout rsh` as rsync's remote
/// shell so the same keys and host-key checks apply. `--delete` acts only inside that directory.
struct WorkspaceSync {
    /// What a sync moved.
    struct Stats: Sendable, Equatable {
        var filesTransferred: Int
        var bytesTransferred: Int
        var seconds: Double
    }

    let fanoutPath: String
    let workspace: String
    let excludes: [String]

    /// rsync's arguments; `timeout` is rsync's own I/O timeout (no data moving for that long fails the sync).
    func arguments(host: String, remoteDirectory: String, timeout: Double) -> [String] {
        var arguments = [
            "rsync", "--archive", "--delete", "--protect-args", "--stats",
            "--timeout=\(max(1, Int(timeout.rounded())))",
            "--filter=:- .gitignore", "--exclude=/.fanout/", "--exclude=/.git/", "--exclude=__pycache__/",
            "--exclude=/.pytest_cache/",
            // Fanout's marker and lock on the host: excluded files are neither sent nor deleted.
            "--exclude=/\(RemoteWorkspace.markerName)", "--exclude=/\(RemoteWorkspace.lockName)",
        ]
        arguments += excludes.map { "--exclude=\($0)" }
        arguments += ["-e", "\(fanoutPath) rsh", workspace + "/", "\(host):\(remoteDirectory)/"]
        return arguments
    }

    /// Syncs, and once more when a sync fails for another reason than a full disk: rsync is idempotent, and a
    /// host that dropped a connection mid-sync is still worth its slots.
    func run(target: SSHTarget, remoteDirectory: String, timeout: Double) throws -> Stats {
        do {
            return try attempt(target: target, remoteDirectory: remoteDirectory, timeout: timeout)
        } catch is SyncFailure {
            return try attempt(target: target, remoteDirectory: remoteDirectory, timeout: timeout)
        }
    }

    /// rsync failed for another reason than a full disk, said for the user.
    struct SyncFailure: Error, CustomStringConvertible {
        let description: String
    }

    private func attempt(target: SSHTarget, remoteDirectory: String, timeout: Double) throws -> Stats {
        let started = SystemInfo.now
        let (termination, log) = try RsyncInvocation.run(
            arguments(host: target.label, remoteDirectory: remoteDirectory, timeout: timeout), target: target)
        guard termination == .exited(0) else {
            if log.contains("No space left on device") {
                throw Self.diskFull(host: target.label, directory: remoteDirectory, detail: "No space left on device")
            }
            throw SyncFailure(
                description: "\(target.label): syncing the workspace with rsync failed (\(termination)): "
                    + log.split(separator: "\n").suffix(6).joined(separator: "\n"))
        }
        return Stats(
            filesTransferred: Self.number(after: "Number of regular files transferred:", in: log),
            bytesTransferred: Self.number(after: "Total transferred file size:", in: log),
            seconds: SystemInfo.now - started)
    }

    /// The error for a host whose disk cannot take the workspace.
    static func diskFull(host: String, directory: String, detail: String) -> ControllerError {
        ControllerError(
            "\(host): the disk is full: rsync could not write the workspace into \(directory) (\(detail)); free "
                + "space there or give the host a workspace on a larger file system (workspace = \"...\" in its "
                + "[[hosts]] entry)")
    }

    static func number(after label: String, in log: String) -> Int {
        guard let line = log.split(separator: "\n").first(where: { $0.hasPrefix(label) }) else { return 0 }
        let digits = line.dropFirst(label.count).filter { $0.isNumber }
        return Int(digits) ?? 0
    }
}

/// Passes SSH targets from the controller to its `fanout rsh` children through the environment, with the key
/// passphrases typed at the controller's terminal, if any (rsync's child has no terminal to ask at).
public enum RshTargets {
    public static let environmentKey = "FANOUT_RSH_TARGETS"
    public static let passphrasesKey = "FANOUT_RSH_PASSPHRASES"

    public static func encode(_ targets: [SSHTarget]) throws -> String {
        String(decoding: try JSONEncoder().encode(targets), as: UTF8.self)
    }

    public static func target(named label: String, environment: [String: String]) throws -> SSHTarget {
        guard let text = environment[environmentKey],
            let targets = try? JSONDecoder().decode([SSHTarget].self, from: Data(text.utf8))
        else {
            throw ControllerError("fanout rsh is rsync's remote shell for fanout run; \(environmentKey) is not set")
        }
        guard let target = targets.first(where: { $0.label == label }) else {
            throw ControllerError("fanout rsh: no host named \(label) in \(environmentKey)")
        }
        if let text = environment[passphrasesKey],
            let passphrases = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))
        {
            PassphrasePrompt.remember(passphrases)
        }
        return target
    }
}

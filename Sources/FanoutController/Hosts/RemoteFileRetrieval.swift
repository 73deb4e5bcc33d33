import FanoutCore
import FanoutPosix
import FanoutSSH
import Foundation

/// Moves files from a host's workspace into a local directory by rsync through `fanout rsh`, as the workspace
/// went out: the files rsync's filter rules select, and only those. They are moved, not copied, so the next
/// run's host starts without them and nothing stale comes back.
struct RemoteFileRetrieval {
    let fanoutPath: String
    /// rsync filter rules (`--include=…`, `--exclude=…`), first match wins, relative to the host's workspace.
    let filters: [String]
    /// The local directory the selected files land in, at their paths below the workspace.
    let destination: String
    /// What the files are, for the error (`the artifacts`, `the coverage data`).
    let what: String

    /// rsync's arguments: every selected file, no directory left empty, with the transfer's statistics.
    func arguments(host: String, remoteDirectory: String, timeout: Double) -> [String] {
        [
            "rsync", "--archive", "--protect-args", "--prune-empty-dirs", "--remove-source-files", "--stats",
            "--timeout=\(max(1, Int(timeout.rounded())))",
        ] + filters + ["-e", "\(fanoutPath) rsh", "\(host):\(remoteDirectory)/", destination + "/"]
    }

    /// Retrieves from one host; returns how many files came, or throws what went wrong, for a notice.
    func run(target: SSHTarget, remoteDirectory: String, timeout: Double) throws -> Int {
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        let (termination, log) = try RsyncInvocation.run(
            arguments(host: target.label, remoteDirectory: remoteDirectory, timeout: timeout), target: target)
        guard termination == .exited(0) else {
            throw ControllerError(
                "\(target.label): bringing back \(what) with rsync failed (\(termination)): "
                    + log.split(separator: "\n").suffix(4).joined(separator: "\n"))
        }
        return WorkspaceSync.number(after: "Number of regular files transferred:", in: log)
    }
}

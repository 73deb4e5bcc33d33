import FanoutCore
import FanoutPosix
import FanoutSSH
import Foundation

/// Brings the files tests wrote under the declared `artifacts` globs back from a host's workspace into
/// `.fanout/artifacts/HOST/` of the controller's, by rsync through `fanout rsh` as the workspace went out. The
/// files are moved, not copied: the next run's host starts without them, so nothing stale comes back.
struct ArtifactCollection {
    /// Where a host's artifacts land, below the workspace.
    static func directory(workspace: String, host: String) -> String {
        PathText.join(workspace, ".fanout/artifacts/\(host)")
    }

    let fanoutPath: String
    let workspace: String
    /// Workspace-relative globs (`reports/**`, `screenshots/*.png`).
    let patterns: [String]

    /// rsync's arguments: Fanout's own files are never matched, every directory is walked, only files matching
    /// a pattern come, and directories left empty are not made.
    func arguments(host: String, remoteDirectory: String, timeout: Double) -> [String] {
        var arguments = [
            "rsync", "--archive", "--protect-args", "--prune-empty-dirs", "--remove-source-files", "--stats",
            "--timeout=\(max(1, Int(timeout.rounded())))", "--exclude=/.fanout/",
            "--exclude=/\(RemoteWorkspace.markerName)", "--exclude=/\(RemoteWorkspace.lockName)", "--include=*/",
        ]
        arguments += patterns.map { "--include=/" + ($0.hasPrefix("/") ? String($0.dropFirst()) : $0) }
        arguments += [
            "--exclude=*", "-e", "\(fanoutPath) rsh", "\(host):\(remoteDirectory)/",
            Self.directory(workspace: workspace, host: host) + "/",
        ]
        return arguments
    }

    /// Collects from one host; returns how many files came, or throws what went wrong, for a notice.
    func run(target: SSHTarget, remoteDirectory: String, timeout: Double) throws -> Int {
        let destination = Self.directory(workspace: workspace, host: target.label)
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        let (termination, log) = try RsyncInvocation.run(
            arguments(host: target.label, remoteDirectory: remoteDirectory, timeout: timeout), target: target)
        guard termination == .exited(0) else {
            throw ControllerError(
                "\(target.label): bringing back the artifacts with rsync failed (\(termination)): "
                    + log.split(separator: "\n").suffix(4).joined(separator: "\n"))
        }
        return WorkspaceSync.number(after: "Number of regular files transferred:", in: log)
    }
}

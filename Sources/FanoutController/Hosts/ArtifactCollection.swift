import FanoutCore
import FanoutPosix
import FanoutSSH
import Foundation

/// Brings the files tests wrote under the declared `artifacts` globs back from a host's workspace into
/// `.fanout/artifacts/HOST/` of the controller's.
struct ArtifactCollection {
    /// Where a host's artifacts land, below the workspace.
    static func directory(workspace: String, host: String) -> String {
        PathText.join(workspace, ".fanout/artifacts/\(host)")
    }

    let fanoutPath: String
    let workspace: String
    /// Workspace-relative globs (`reports/**`, `screenshots/*.png`).
    let patterns: [String]

    /// rsync's filters: Fanout's own files are never matched, every directory is walked, and only files matching
    /// a pattern come.
    var filters: [String] {
        [
            "--exclude=/.fanout/", "--exclude=/\(RemoteWorkspace.markerName)",
            "--exclude=/\(RemoteWorkspace.lockName)", "--include=*/",
        ] + patterns.map { "--include=/" + ($0.hasPrefix("/") ? String($0.dropFirst()) : $0) } + ["--exclude=*"]
    }

    func retrieval(host: String) -> RemoteFileRetrieval {
        RemoteFileRetrieval(
            fanoutPath: fanoutPath, filters: filters, destination: Self.directory(workspace: workspace, host: host),
            what: "the artifacts")
    }

    /// Collects from one host; returns how many files came, or throws what went wrong, for a notice.
    func run(target: SSHTarget, remoteDirectory: String, timeout: Double) throws -> Int {
        try retrieval(host: target.label).run(target: target, remoteDirectory: remoteDirectory, timeout: timeout)
    }
}

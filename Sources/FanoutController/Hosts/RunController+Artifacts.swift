import FanoutCore
import FanoutPosix
import Foundation

/// `artifacts`: after the agents ended, what tests wrote under the declared globs comes back from every host
/// still in the run at its end, each on a thread of its own.
extension RunController {
    func collectArtifacts(from hosts: Set<String>) {
        guard !options.artifacts.isEmpty, !hosts.isEmpty else { return }
        let collection = ArtifactCollection(
            fanoutPath: options.fanoutPath, workspace: options.workspace, patterns: options.artifacts)
        let timeout = options.setupTimeout
        onEachJoinedHost(hosts, thread: "fanout-artifacts") { target, directory in
            do {
                let count = try collection.run(target: target, remoteDirectory: directory, timeout: timeout)
                let files = count == 1 ? "file" : "files"
                return "\(target.label): \(count) artifact \(files) brought back into .fanout/artifacts/\(target.label)"
            } catch {
                return "\(error)"
            }
        }
    }
}

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
        let notes = Mailbox<String>()
        var started = 0
        for (host, directory) in remoteWorkspaces.sorted(by: { $0.key < $1.key }) where hosts.contains(host) {
            guard let target = options.hosts.first(where: { $0.label == host })?.target else { continue }
            started += 1
            let timeout = options.setupTimeout
            Threads.start("fanout-artifacts-\(host)") {
                do {
                    let count = try collection.run(target: target, remoteDirectory: directory, timeout: timeout)
                    let files = count == 1 ? "file" : "files"
                    notes.post("\(host): \(count) artifact \(files) brought back into .fanout/artifacts/\(host)")
                } catch {
                    notes.post("\(error)")
                }
            }
        }
        for _ in 0..<started { if let note = notes.take() { publish(.notice(note)) } }
    }
}

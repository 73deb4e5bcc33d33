import FanoutPosix
import FanoutSSH

/// Work after the agents ended that each remote host still in the run does at once (bringing back artifacts or
/// coverage data), each host on a thread of its own.
extension RunController {
    /// Runs `work` with each of `hosts`' target and workspace directory, in parallel, and publishes the notices
    /// it returns (nil: nothing to say), host by host as they end.
    func onEachJoinedHost(
        _ hosts: Set<String>, thread: String,
        _ work: @escaping @Sendable (_ target: SSHTarget, _ directory: String) -> String?
    ) {
        let notes = Mailbox<String?>()
        var started = 0
        for (host, directory) in remoteWorkspaces.sorted(by: { $0.key < $1.key }) where hosts.contains(host) {
            guard let target = options.hosts.first(where: { $0.label == host })?.target else { continue }
            started += 1
            Threads.start("\(thread)-\(host)") { notes.post(work(target, directory)) }
        }
        for _ in 0..<started { if case .some(.some(let note)) = notes.take() { publish(.notice(note)) } }
    }
}

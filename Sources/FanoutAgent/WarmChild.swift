import FanoutPosix

#if canImport(Glibc)
    import Glibc
#endif

/// A batch process forked by a warm worker. It is the worker's child, not the agent's, so its end comes as
/// the worker's message rather than from waitpid.
struct WarmChild: TestProcess, @unchecked Sendable {
    let pid: Int32
    let worker: WarmWorker

    func poll() -> ChildProcess.Termination? {
        termination(from: worker.control.receive(wait: false))
    }

    func wait() -> ChildProcess.Termination {
        while true {
            let received = worker.control.receive(wait: true)
            if let termination = termination(from: received) { return termination }
            // Another message is the end of a child that died waiting for a batch: not this one's.
            if received == .nothing { return .exited(-1) }
        }
    }

    func signalGroup(_ signal: Int32) {
        _ = kill(-pid, signal)
    }

    func signal(_ signal: Int32) {
        _ = kill(pid, signal)
    }

    private func termination(from received: PacketSocket.Received) -> ChildProcess.Termination? {
        switch received {
        case .nothing:
            return nil
        case .closed:
            // The worker itself died: the child's status is lost; make sure it is gone too.
            signalGroup(SIGKILL)
            return .exited(-1)
        case .message(let bytes):
            guard let reply = WarmReply(bytes), reply.pid == pid, let code = reply.exit else { return nil }
            return code < 0 ? .signalled(-code) : .exited(code)
        }
    }
}

import FanoutPosix
import FanoutProtocol

/// Turns an agent's stdout bytes into mailbox inputs, whatever carries them (a pipe or an SSH channel).
struct AgentStreamReader: Sendable {
    let host: String
    let mailbox: Mailbox<ControllerInput>
    private let splitter = Locked(LineSplitter())

    init(host: String, mailbox: Mailbox<ControllerInput>) {
        self.host = host
        self.mailbox = mailbox
    }

    /// Feeds a chunk of the agent's output.
    func consume(_ chunk: [UInt8]) {
        for line in splitter.withLock({ $0.push(chunk) }) { deliver(line) }
    }

    /// The agent's output ended; `detail` says why, for the user.
    func finish(detail: String) {
        if let rest = splitter.withLock({ $0.finish() }) { deliver(rest) }
        mailbox.post(.closed(host: host, detail: detail))
    }

    private func deliver(_ piece: LineSplitter.Line) {
        guard case .text(let line) = piece else {
            if case .oversized(let bytes) = piece {
                mailbox.post(
                    .unreadable(
                        host: host, line: "(a line of \(bytes) bytes, dropped whole)",
                        error: "longer than the protocol's limit of \(LineSplitter().maxLineBytes) bytes"))
            }
            return
        }
        do {
            mailbox.post(.message(host: host, try AgentMessage.decode(line: line)))
        } catch {
            mailbox.post(
                .unreadable(host: host, line: String(decoding: line.prefix(300), as: UTF8.self), error: "\(error)"))
        }
    }

    /// Reads a pipe to its end on the calling thread.
    func read(descriptor: Int32, diagnostics: @Sendable () -> String) {
        while let chunk = try? FileDescriptorIO.read(descriptor), !chunk.isEmpty { consume(chunk) }
        let detail = diagnostics()
        finish(detail: detail.isEmpty ? "the agent exited" : "the agent exited: \(detail)")
    }
}

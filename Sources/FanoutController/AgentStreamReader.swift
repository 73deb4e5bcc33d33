import FanoutPosix
import FanoutProtocol

/// Reads an agent's stdout, decodes each line, and posts it to the controller's mailbox.
enum AgentStreamReader {
    static func read(
        descriptor: Int32, host: String, mailbox: Mailbox<ControllerInput>, diagnostics: @Sendable () -> String
    ) {
        var splitter = LineSplitter()
        func deliver(_ line: [UInt8]) {
            do {
                mailbox.post(.message(host: host, try JSONLines.decode(AgentMessage.self, from: line)))
            } catch {
                mailbox.post(
                    .unreadable(host: host, line: String(decoding: line.prefix(300), as: UTF8.self), error: "\(error)"))
            }
        }
        while let chunk = try? FileDescriptorIO.read(descriptor), !chunk.isEmpty {
            for line in splitter.push(chunk) { deliver(line) }
        }
        if let rest = splitter.finish() { deliver(rest) }
        let detail = diagnostics()
        mailbox.post(.closed(host: host, detail: detail.isEmpty ? "the agent exited" : "the agent exited: \(detail)"))
    }
}

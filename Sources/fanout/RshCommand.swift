import ArgumentParser
import FanoutController
import FanoutPosix
import FanoutSSH
import Foundation

/// `fanout rsh HOST COMMAND...`: rsync's remote shell during `fanout run`. It opens an exec channel over
/// libssh2 with the run's keys and host-key checks, and pumps stdin, stdout and stderr.
struct RshCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rsh", abstract: "Remote shell for rsync during fanout run (internal).", shouldDisplay: false)

    @Option(name: .customShort("l"), help: "Ignored: the user comes from the run's host settings.")
    var user: String?

    @Option(name: .customShort("p"), help: "Ignored: the port comes from the run's host settings.")
    var port: Int?

    @Argument var host: String

    @Argument(parsing: .captureForPassthrough) var command: [String] = []

    func run() throws {
        // rsync may close our stdout while the channel still delivers the remote's last bytes: that must be a
        // failed write, not a death by SIGPIPE that rsync reports as a failed sync after a complete transfer.
        signal(SIGPIPE, SIG_IGN)
        let target = try RshTargets.target(named: host, environment: SystemInfo.environment)
        let connection: SSHConnection
        do {
            connection = try SSHConnection.connect(target)
        } catch {
            StandardStream.error.write("fanout rsh: \(error)\n")
            throw ExitCode(255)
        }
        let finished = DispatchSemaphore(value: 0)
        let result = Locked(SSHExit())
        let channel = connection.open(
            command.joined(separator: " "),
            events: SSHChannelEvents(
                stdout: { try? FileDescriptorIO.writeAll(1, $0) },
                stderr: { try? FileDescriptorIO.writeAll(2, $0) },
                exit: { exit in
                    result.withLock { $0 = exit }
                    finished.signal()
                }))
        // stdin stays blocking: it is shared with rsync, which must never see O_NONBLOCK.
        Threads.start("fanout-rsh-stdin") {
            while let chunk = try? FileDescriptorIO.read(0), !chunk.isEmpty {
                channel.write(chunk, waitingBelow: 4 << 20)
            }
            channel.closeInput()
        }
        finished.wait()
        connection.close()
        let exit = result.withLock { $0 }
        if let error = exit.error {
            StandardStream.error.write("fanout rsh: \(error)\n")
            throw ExitCode(255)
        }
        throw ExitCode(exit.status ?? 255)
    }
}

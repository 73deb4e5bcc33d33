/// How a remote command ended.
public struct SSHExit: Sendable, Equatable {
    /// Exit status, when the command exited normally.
    public var status: Int32?
    /// Signal name (`KILL`, `SEGV`) when the command was killed.
    public var signal: String?
    /// Set when the channel or the whole connection failed.
    public var error: SSHError?

    public init(status: Int32? = nil, signal: String? = nil, error: SSHError? = nil) {
        self.status = status
        self.signal = signal
        self.error = error
    }
}

/// Callbacks of one channel. They run on the connection's thread, in order; keep them short.
public struct SSHChannelEvents: Sendable {
    public var stdout: @Sendable ([UInt8]) -> Void
    public var stderr: @Sendable ([UInt8]) -> Void
    public var exit: @Sendable (SSHExit) -> Void

    public init(
        stdout: @escaping @Sendable ([UInt8]) -> Void, stderr: @escaping @Sendable ([UInt8]) -> Void,
        exit: @escaping @Sendable (SSHExit) -> Void
    ) {
        self.stdout = stdout
        self.stderr = stderr
        self.exit = exit
    }
}

/// The result of a command run to completion with `SSHConnection.run`.
public struct SSHCommandResult: Sendable, Equatable {
    public var exit: SSHExit
    public var stdout: [UInt8]
    public var stderr: [UInt8]

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    public var succeeded: Bool { exit.status == 0 && exit.error == nil }
}

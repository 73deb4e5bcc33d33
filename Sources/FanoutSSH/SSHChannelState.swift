import CLibSSH2

/// One exec channel's progress through non-blocking libssh2: open, exec, stream, close, collect the exit.
/// Each `advance` does what it can without blocking and reports whether anything moved.
final class SSHChannelState {
    enum Phase { case opening, starting, running, closing, waitingClosed, freeing, done }

    let id: Int
    let command: String
    let events: SSHChannelEvents
    private(set) var phase = Phase.opening
    private var channel: OpaquePointer?
    private var input: [UInt8] = []
    private var inputOffset = 0
    private var inputClosed = false
    private var eofSent = false
    private var exit = SSHExit()
    private var buffer = [CChar](repeating: 0, count: 65536)

    /// Told how many queued input bytes went out, so a writer can hold back (see `SSHChannelHandle.write`).
    private let written: @Sendable (Int) -> Void

    init(id: Int, command: String, events: SSHChannelEvents, written: @escaping @Sendable (Int) -> Void) {
        self.id = id
        self.command = command
        self.events = events
        self.written = written
    }

    func write(_ bytes: [UInt8]) {
        guard !inputClosed else { return }
        input.append(contentsOf: bytes)
    }

    func closeInput() { inputClosed = true }

    /// Closes the channel now; the remote side sees its input and output end.
    func abort() {
        switch phase {
        case .opening:
            finish(SSHExit())
        case .starting, .running:
            phase = .closing
        default:
            break
        }
    }

    /// Fails the channel because the whole connection is gone.
    func fail(_ error: SSHError) {
        guard phase != .done else { return }
        finish(SSHExit(error: error))
    }

    /// Moves the channel forward; returns true if anything happened. A fatal connection error is returned
    /// as a libssh2 error code for the connection to handle.
    func advance(_ session: SSHSession) -> (progressed: Bool, connectionError: Int32?) {
        let again = LIBSSH2_ERROR_EAGAIN
        switch phase {
        case .opening:
            if let opened = fanout_ssh_channel_open_session(session.session) {
                channel = opened
                phase = .starting
                return (true, nil)
            }
            let code = session.lastErrno
            if code == again { return (false, nil) }
            if Self.isConnectionError(code) { return (false, code) }
            finish(
                SSHExit(
                    error: SSHError(.channel, host: session.target.label, "cannot open a channel: \(session.lastError)")
                ))
            return (true, nil)
        case .starting:
            let rc = fanout_ssh_channel_exec(channel, command)
            if rc == again { return (false, nil) }
            if rc < 0 { return failChannel(rc, session, "cannot start `\(command)`") }
            phase = .running
            return (true, nil)
        case .running:
            return stream(session)
        case .closing:
            let rc = libssh2_channel_close(channel)
            if rc == again { return (false, nil) }
            phase = .waitingClosed
            return (true, nil)
        case .waitingClosed:
            let rc = libssh2_channel_wait_closed(channel)
            if rc == again { return (false, nil) }
            collectExit(session)
            phase = .freeing
            return (true, nil)
        case .freeing:
            let rc = libssh2_channel_free(channel)
            if rc == again { return (false, nil) }
            channel = nil
            finish(exit)
            return (true, nil)
        case .done:
            return (false, nil)
        }
    }

    private func stream(_ session: SSHSession) -> (progressed: Bool, connectionError: Int32?) {
        var progressed = false
        for stream in [Int32(0), 1] {
            while true {
                let count = buffer.withUnsafeMutableBufferPointer {
                    fanout_ssh_channel_read(channel, stream, $0.baseAddress, $0.count)
                }
                if count > 0 {
                    let bytes = buffer.withUnsafeBufferPointer { pointer in
                        [UInt8](UnsafeRawBufferPointer(start: pointer.baseAddress, count: count))
                    }
                    stream == 0 ? events.stdout(bytes) : events.stderr(bytes)
                    progressed = true
                    continue
                }
                if count == Int(LIBSSH2_ERROR_EAGAIN) || count == 0 { break }
                return failChannel(Int32(count), session, "reading from `\(command)` failed")
            }
        }
        while inputOffset < input.count {
            let count = input.withUnsafeBufferPointer { pointer in
                pointer.withMemoryRebound(to: CChar.self) {
                    fanout_ssh_channel_write(channel, $0.baseAddress! + inputOffset, $0.count - inputOffset)
                }
            }
            if count == Int(LIBSSH2_ERROR_EAGAIN) { break }
            if count < 0 { return failChannel(Int32(count), session, "writing to `\(command)` failed") }
            inputOffset += count
            written(count)
            progressed = true
        }
        if inputOffset == input.count && inputOffset > 0 {
            input.removeAll(keepingCapacity: true)
            inputOffset = 0
        }
        if inputClosed && input.isEmpty && !eofSent {
            let rc = libssh2_channel_send_eof(channel)
            if rc == 0 {
                eofSent = true
                progressed = true
            } else if rc != LIBSSH2_ERROR_EAGAIN {
                return failChannel(rc, session, "closing the input of `\(command)` failed")
            }
        }
        if !progressed && libssh2_channel_eof(channel) != 0 {
            phase = .closing
            return (true, nil)
        }
        return (progressed, nil)
    }

    private func collectExit(_ session: SSHSession) {
        exit.status = libssh2_channel_get_exit_status(channel)
        var name: UnsafeMutablePointer<CChar>?
        var length = 0
        if libssh2_channel_get_exit_signal(channel, &name, &length, nil, nil, nil, nil) == 0, let name {
            if length > 0 {
                exit.signal = String(decoding: UnsafeRawBufferPointer(start: name, count: length), as: UTF8.self)
                exit.status = nil
            }
            libssh2_free(session.session, name)
        }
    }

    private func failChannel(_ code: Int32, _ session: SSHSession, _ what: String) -> (Bool, Int32?) {
        if Self.isConnectionError(code) { return (false, code) }
        finish(SSHExit(error: SSHError(.channel, host: session.target.label, "\(what): \(session.lastError)")))
        if let channel { _ = libssh2_channel_free(channel) }
        channel = nil
        return (true, nil)
    }

    private func finish(_ exit: SSHExit) {
        // Input that can no longer be written must not hold a waiting writer back forever.
        if input.count > inputOffset { written(input.count - inputOffset) }
        phase = .done
        events.exit(exit)
    }

    /// Errors after which the session itself is unusable.
    static func isConnectionError(_ code: Int32) -> Bool {
        [
            LIBSSH2_ERROR_SOCKET_SEND, LIBSSH2_ERROR_SOCKET_RECV, LIBSSH2_ERROR_SOCKET_DISCONNECT,
            LIBSSH2_ERROR_SOCKET_TIMEOUT, LIBSSH2_ERROR_TIMEOUT, LIBSSH2_ERROR_BAD_SOCKET, LIBSSH2_ERROR_DECRYPT,
            LIBSSH2_ERROR_ENCRYPT, LIBSSH2_ERROR_INVALID_MAC, LIBSSH2_ERROR_PROTO,
        ].contains(code)
    }
}

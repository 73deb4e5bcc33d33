import CLibSSH2
import FanoutCore
import FanoutPosix
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A connection to one host. One thread owns the libssh2 session and multiplexes all of its channels with
/// non-blocking libssh2 and `poll()`; any thread may open channels and write to them through this object.
public final class SSHConnection: Sendable {
    private enum Request: Sendable {
        case open(id: Int, command: String, events: SSHChannelEvents)
        case write(id: Int, bytes: [UInt8])
        case closeInput(id: Int)
        case abort(id: Int)
        case shutdown
    }

    public let target: SSHTarget
    private let requests = Locked<[Request]>([])
    /// Input bytes queued per channel and not yet written to the network.
    private let queuedInput = Locked([Int: Int]())
    private let nextID = Locked(1)
    private let wake: PipePair
    private let finished = DispatchSemaphore(value: 0)

    private init(target: SSHTarget) throws {
        self.target = target
        wake = try PipePair()
    }

    /// Connects, verifies the host key and authenticates; throws `SSHError` with the reason.
    public static func connect(_ target: SSHTarget) throws -> SSHConnection {
        let connection = try SSHConnection(target: target)
        let ready = DispatchSemaphore(value: 0)
        let failure = Locked<SSHError?>(nil)
        Threads.start("fanout-ssh-\(target.label)") {
            let session: SSHSession
            do {
                session = try SSHSession(target: target)
            } catch {
                failure.withLock {
                    $0 = (error as? SSHError) ?? SSHError(.connect, host: target.label, "\(error)")
                }
                ready.signal()
                connection.finished.signal()
                return
            }
            ready.signal()
            connection.loop(session)
        }
        ready.wait()
        if let error = failure.withLock({ $0 }) { throw error }
        return connection
    }

    /// Starts `command` (run by the remote user's shell) and streams it through `events`.
    public func open(_ command: String, events: SSHChannelEvents) -> SSHChannelHandle {
        let id = nextID.withLock { value -> Int in
            defer { value += 1 }
            return value
        }
        post(.open(id: id, command: command, events: events))
        return SSHChannelHandle(id: id, connection: self)
    }

    /// Runs `command` to completion with `input` on its stdin; output beyond `outputLimit` bytes per stream
    /// is dropped. When `timeout` seconds pass without progress (no input written, no output read), the
    /// channel is closed and the result carries a `.timeout` error that names `stage`.
    public func run(
        _ command: String, input: [UInt8] = [], outputLimit: Int = 1 << 20, timeout: Double? = nil,
        stage: String? = nil
    ) -> SSHCommandResult {
        let collected = Locked(SSHCommandResult(exit: SSHExit(), stdout: [], stderr: []))
        let done = DispatchSemaphore(value: 0)
        let handle = open(
            command,
            events: SSHChannelEvents(
                stdout: { bytes in
                    collected.withLock {
                        if $0.stdout.count < outputLimit { $0.stdout += bytes.prefix(outputLimit - $0.stdout.count) }
                    }
                },
                stderr: { bytes in
                    collected.withLock {
                        if $0.stderr.count < outputLimit { $0.stderr += bytes.prefix(outputLimit - $0.stderr.count) }
                    }
                },
                exit: { exit in
                    collected.withLock { $0.exit = exit }
                    done.signal()
                }))
        if !input.isEmpty { handle.write(input) }
        handle.closeInput()
        guard let timeout else {
            done.wait()
            return collected.withLock { $0 }
        }
        guard waitWhileProgressing(handle, done: done, timeout: timeout, collected: collected) else {
            handle.abort()
            _ = done.wait(timeout: .now() + Self.shutdownGrace)
            let what = stage ?? "`\(command.prefix(60))`"
            return collected.withLock {
                var result = $0
                result.exit = SSHExit(
                    error: SSHError(
                        .timeout, host: target.label,
                        "\(what) made no progress for \(NumberText.plain(timeout)) s; the host or its link is "
                            + "stalled (check it with `fanout hosts check`)"))
                return result
            }
        }
        return collected.withLock { $0 }
    }

    /// Waits for `done`; false once `timeout` seconds pass with no input written and no output read.
    private func waitWhileProgressing(
        _ handle: SSHChannelHandle, done: DispatchSemaphore, timeout: Double, collected: Locked<SSHCommandResult>
    ) -> Bool {
        func progress() -> [Int] {
            [queuedBytes(handle.id)] + collected.withLock { [$0.stdout.count, $0.stderr.count] }
        }
        var last = progress()
        var deadline = SystemInfo.now + timeout
        while done.wait(timeout: .now() + min(0.25, timeout)) == .timedOut {
            let now = progress()
            if now != last {
                last = now
                deadline = SystemInfo.now + timeout
            } else if SystemInfo.now > deadline {
                return false
            }
        }
        return true
    }

    /// Seconds a closing connection waits for its channels to confirm before it drops them.
    static let shutdownGrace = 2.0

    /// Closes every channel and the session, and waits for the connection's thread to end.
    public func close() {
        post(.shutdown)
        finished.wait()
        finished.signal()
    }

    fileprivate func write(_ id: Int, _ bytes: [UInt8]) {
        queuedInput.withLock { $0[id, default: 0] += bytes.count }
        post(.write(id: id, bytes: bytes))
    }

    fileprivate func queuedBytes(_ id: Int) -> Int { queuedInput.withLock { $0[id] ?? 0 } }
    fileprivate func closeInput(_ id: Int) { post(.closeInput(id: id)) }
    fileprivate func abort(_ id: Int) { post(.abort(id: id)) }

    private func post(_ request: Request) {
        requests.withLock { $0.append(request) }
        var byte: UInt8 = 1
        _ = Glibc.write(wake.writeEnd, &byte, 1)
    }

    /// Applies the requests made since the last turn of the loop; true when one of them is the shutdown (every
    /// channel is then aborted).
    private func applyRequests(to channels: inout [Int: SSHChannelState]) -> Bool {
        var shutdown = false
        for request in requests.withLock({ pending -> [Request] in
            defer { pending.removeAll() }
            return pending
        }) {
            switch request {
            case .open(let id, let command, let events):
                let queued = queuedInput
                channels[id] = SSHChannelState(id: id, command: command, events: events) { count in
                    queued.withLock { $0[id, default: 0] -= count }
                }
            case .write(let id, let bytes): channels[id]?.write(bytes)
            case .closeInput(let id): channels[id]?.closeInput()
            case .abort(let id): channels[id]?.abort()
            case .shutdown:
                shutdown = true
                for channel in channels.values { channel.abort() }
            }
        }
        return shutdown
    }

    /// The connection's thread: apply requests, advance channels, keep the session alive, wait on the socket.
    private func loop(_ session: SSHSession) {
        libssh2_session_set_blocking(session.session, 0)
        var channels: [Int: SSHChannelState] = [:]
        var shuttingDown = false
        var shutdownStarted = 0.0
        var lostError: SSHError?
        while lostError == nil {
            if applyRequests(to: &channels) && !shuttingDown {
                shuttingDown = true
                shutdownStarted = SystemInfo.now
            }
            var progressed = false
            for channel in channels.values {
                let (moved, connectionError) = channel.advance(session)
                progressed = progressed || moved
                if let connectionError {
                    lostError = SSHError(
                        .connectionLost, host: target.label,
                        "the SSH connection was lost (\(connectionError): \(session.lastError))")
                    break
                }
            }
            channels = channels.filter { $0.value.phase != .done }
            // A peer that no longer answers (a cut link) never confirms the close: give up after a while.
            if shuttingDown && (channels.isEmpty || SystemInfo.now - shutdownStarted > Self.shutdownGrace) { break }
            var nextKeepalive: Int32 = 5
            let keepalive = libssh2_keepalive_send(session.session, &nextKeepalive)
            // BAD_USE: a channel's write is half sent (a slow link, a big upload); libssh2 sends nothing else
            // before it, and the bytes moving are proof enough that the connection lives.
            if keepalive != 0 && keepalive != LIBSSH2_ERROR_EAGAIN && keepalive != LIBSSH2_ERROR_BAD_USE {
                lostError = SSHError(
                    .connectionLost, host: target.label, "the SSH connection was lost (keepalive failed)")
                break
            }
            if progressed { continue }
            let peerGone = waitForActivity(
                session, timeout: min(1000, max(50, Int32(nextKeepalive) * 1000)), channelsOpen: !channels.isEmpty)
            if peerGone {
                lostError = SSHError(.connectionLost, host: target.label, "the SSH connection was closed by the host")
            }
        }
        if let lostError {
            for channel in channels.values { channel.fail(lostError) }
        }
        session.shutdown()
        FileDescriptorIO.close(wake.readEnd)
        FileDescriptorIO.close(wake.writeEnd)
        finished.signal()
    }

    /// Waits for the socket or a request. With no channel open nothing would read what the server sends (a
    /// keepalive's reply), so the socket is not watched for input then: it would stay readable and spin the loop.
    /// Returns true when, with no channel open, the peer hung up.
    private func waitForActivity(_ session: SSHSession, timeout: Int32, channelsOpen: Bool) -> Bool {
        var events = channelsOpen ? Int16(POLLIN) : 0
        if libssh2_session_block_directions(session.session) & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 {
            events |= Int16(POLLOUT)
        }
        var fds = [
            pollfd(fd: session.socket, events: events, revents: 0),
            pollfd(fd: wake.readEnd, events: Int16(POLLIN), revents: 0),
        ]
        _ = poll(&fds, 2, timeout)
        if fds[1].revents != 0 { _ = try? FileDescriptorIO.read(wake.readEnd, capacity: 4096) }
        return !channelsOpen && fds[0].revents & Int16(POLLHUP | POLLERR) != 0
    }
}

/// A channel opened on an `SSHConnection`; safe to use from any thread.
public struct SSHChannelHandle: Sendable {
    let id: Int
    let connection: SSHConnection

    /// Queues bytes for the remote command's stdin; never blocks.
    public func write(_ bytes: [UInt8]) { connection.write(id, bytes) }

    /// Queues bytes, first waiting while more than `limit` bytes are still queued: backpressure for a producer
    /// that is faster than the network (rsync reading a large workspace).
    public func write(_ bytes: [UInt8], waitingBelow limit: Int) {
        while connection.queuedBytes(id) > limit { usleep(1000) }
        connection.write(id, bytes)
    }
    /// Sends end-of-file on the remote command's stdin once everything queued is written.
    public func closeInput() { connection.closeInput(id) }
    /// Closes the channel now.
    public func abort() { connection.abort(id) }
}

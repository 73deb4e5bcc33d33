import CFanoutSpawn

#if canImport(Glibc)
    import Glibc
#endif

/// One end of a Unix SOCK_SEQPACKET socket pair: whole messages, optionally carrying descriptors.
public struct PacketSocket: Sendable {
    public let descriptor: Int32

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// A connected pair, both ends close-on-exec.
    public static func pair() throws -> (PacketSocket, PacketSocket) {
        var fds: [Int32] = [0, 0]
        guard fanout_seqpacket_pair(&fds) == 0 else { throw PosixError("cannot create a socket pair") }
        return (PacketSocket(descriptor: fds[0]), PacketSocket(descriptor: fds[1]))
    }

    /// Sends `bytes` as one message with `descriptors` attached (the receiver gets its own copies).
    public func send(_ bytes: [UInt8], descriptors: [Int32] = []) throws {
        let sent = bytes.withUnsafeBufferPointer { buffer in
            descriptors.withUnsafeBufferPointer { fds in
                fanout_send_with_descriptors(
                    descriptor, buffer.baseAddress, buffer.count, fds.baseAddress, Int32(descriptors.count))
            }
        }
        guard sent == bytes.count else { throw PosixError("cannot send on a control socket") }
    }

    public enum Received: Sendable, Equatable {
        case message([UInt8])
        /// The other end is closed.
        case closed
        /// Nothing there yet (only when not waiting).
        case nothing
    }

    /// Receives one message, waiting for it, or with `wait: false` returning `.nothing` if none is there.
    public func receive(wait: Bool = true) -> Received {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes {
                recv(descriptor, $0.baseAddress, $0.count, wait ? 0 : Int32(MSG_DONTWAIT))
            }
            if count > 0 { return .message(Array(buffer[0..<count])) }
            if count == 0 { return .closed }
            if errno == EINTR { continue }
            return errno == EAGAIN || errno == EWOULDBLOCK ? .nothing : .closed
        }
    }

    public func close() {
        FileDescriptorIO.close(descriptor)
    }
}

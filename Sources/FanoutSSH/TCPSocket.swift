import FanoutPosix
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Opens TCP connections for SSH sessions.
enum TCPSocket {
    /// Connects to `address:port` within `timeout` seconds. Sets TCP_NODELAY and TCP_QUICKACK: sshd does not set
    /// NODELAY for non-pty sessions, and without QUICKACK the first exec stalls ~40 ms on delayed ACKs.
    static func connect(address: String, port: Int, timeout: Double, label: String) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(address, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw SSHError(.connect, host: label, "cannot resolve \(address): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { continue }
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            var result = Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen)
            if result != 0 && errno == EINPROGRESS {
                var pollEntry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                if poll(&pollEntry, 1, Int32(timeout * 1000)) == 1 {
                    var socketError: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
                    result = socketError == 0 ? 0 : -1
                    errno = socketError
                } else {
                    errno = ETIMEDOUT
                }
            }
            if result == 0 {
                _ = fcntl(fd, F_SETFL, flags)
                var on: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_QUICKACK, &on, socklen_t(MemoryLayout<Int32>.size))
                return fd
            }
            lastError = String(cString: strerror(errno))
            close(fd)
        }
        throw SSHError(.connect, host: label, "cannot connect to \(address) port \(port): \(lastError)")
    }
}

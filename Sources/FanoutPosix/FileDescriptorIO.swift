#if canImport(Glibc)
    import Glibc
#endif

/// Blocking reads and writes on raw descriptors, retried on EINTR and short writes.
public enum FileDescriptorIO {
    /// Writes all of `bytes`; throws when the other end is gone.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw PosixError("write failed")
            }
            offset += written
        }
    }

    /// Reads up to `capacity` bytes; returns an empty array at end-of-file.
    public static func read(_ fd: Int32, capacity: Int = 65536) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: capacity)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, capacity) }
            if count < 0 {
                if errno == EINTR { continue }
                throw PosixError("read failed")
            }
            buffer.removeSubrange(count...)
            return buffer
        }
    }

    /// Whether `fd` has input (or its end) within `timeout` seconds.
    public static func waitReadable(_ fd: Int32, timeout: Double) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let result = Glibc.poll(&entry, 1, Int32(max(0, timeout) * 1000))
        return result > 0
    }

    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }
}

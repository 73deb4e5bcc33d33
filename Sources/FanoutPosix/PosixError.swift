#if canImport(Glibc)
    import Glibc
#endif

/// A failed system call, with what Fanout was trying to do.
public struct PosixError: Error, CustomStringConvertible, Sendable {
    public let action: String
    public let code: Int32

    public init(_ action: String, code: Int32 = errno) {
        self.action = action
        self.code = code
    }

    public var description: String { "\(action): \(String(cString: strerror(code)))" }
}

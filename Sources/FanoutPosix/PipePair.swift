import CFanoutSpawn

/// A close-on-exec pipe. Close-on-exec matters: a write end leaked into an unrelated child would keep the
/// reader from ever seeing end-of-file.
public struct PipePair: Sendable {
    public let readEnd: Int32
    public let writeEnd: Int32

    public init() throws {
        var fds: [Int32] = [0, 0]
        guard fanout_pipe_cloexec(&fds) == 0 else { throw PosixError("cannot create a pipe") }
        readEnd = fds[0]
        writeEnd = fds[1]
    }
}

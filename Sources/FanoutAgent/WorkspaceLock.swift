import FanoutCore
import FanoutPosix

#if canImport(Glibc)
    import Glibc
#endif

/// `fanout-agent --hold-lock DIR`: holds an exclusive lock on DIR's lock file for as long as the controller keeps
/// this process's input open and alive, so that two runs never sync into (and delete in) one copy of a
/// workspace at once. It prints `locked` once it holds the lock, or `busy` when another run holds it (and with
/// `--wait` then waits and prints `locked` later). Any byte on its input is a heartbeat; the end of its input,
/// or `--idle-timeout` seconds without one (a cut link), releases the lock by exiting.
public enum WorkspaceLock {
    /// Runs the lock holder with its command-line arguments (after `--hold-lock`); returns the exit code.
    public static func hold(arguments: [String]) -> Int32 {
        guard let directory = arguments.first else { return fail("--hold-lock needs a directory") }
        let wait = arguments.contains("--wait")
        let idleTimeout = value(after: "--idle-timeout", in: arguments) ?? 10
        let path = PathText.join(directory, RemoteWorkspace.lockName)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return fail("cannot open \(path): \(String(cString: strerror(errno)))") }
        var quiet = 0.0
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else { return fail("cannot lock \(path): \(String(cString: strerror(errno)))") }
            say("busy")
            guard wait else { return 3 }
            while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                guard let heard = listen(seconds: 0.5) else { return 0 }
                quiet = heard ? 0 : quiet + 0.5
                if quiet > idleTimeout { return 0 }
            }
        }
        say("locked")
        quiet = 0
        while quiet <= idleTimeout {
            guard let heard = listen(seconds: 0.5) else { return 0 }
            quiet = heard ? 0 : quiet + 0.5
        }
        return 0
    }

    /// Waits up to `seconds` for input: true for a heartbeat, false for none, nil at the end of input.
    private static func listen(seconds: Double) -> Bool? {
        var entry = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, Int32(seconds * 1000)) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
        return count > 0 ? true : nil
    }

    private static func say(_ word: String) {
        StandardStream.output.write(word + "\n")
    }

    private static func fail(_ message: String) -> Int32 {
        say("error: " + message)
        return 2
    }

    private static func value(after flag: String, in arguments: [String]) -> Double? {
        guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return nil }
        return Double(arguments[index + 1])
    }
}

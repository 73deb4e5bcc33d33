import CFanoutSpawn
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// A spawned child process. Fanout starts test processes and local agents in their own process group so
/// that one signal reaches everything they started, and a terminal's Ctrl-C reaches only the controller.
public struct ChildProcess: Sendable {
    /// How a process ended.
    public enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)

        public var exitCode: Int32? {
            if case .exited(let code) = self { return code }
            return nil
        }

        public var signal: Int32? {
            if case .signalled(let signal) = self { return signal }
            return nil
        }
    }

    public let pid: pid_t

    /// Spawns `arguments[0]` (searched in PATH when it has no slash).
    /// - Parameters:
    ///   - descriptors: pairs (descriptor in this process, descriptor number in the child).
    ///   - newProcessGroup: the child leads a new process group.
    public static func spawn(
        arguments: [String], environment: [String: String], workingDirectory: String? = nil,
        descriptors: [(Int32, Int32)], newProcessGroup: Bool
    ) throws -> ChildProcess {
        precondition(!arguments.isEmpty, "spawn needs a program")
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        let map = descriptors.flatMap { [$0.0, $0.1] }
        var pid: pid_t = 0
        let rc = map.withUnsafeBufferPointer { mapPointer in
            fanout_spawn(
                &pid, arguments[0], argv, envp, workingDirectory, mapPointer.baseAddress,
                Int32(descriptors.count), newProcessGroup ? 1 : 0)
        }
        guard rc == 0 else {
            throw PosixError(
                "cannot start \(arguments[0])"
                    + (workingDirectory.map { " in \($0)" } ?? ""), code: rc)
        }
        return ChildProcess(pid: pid)
    }

    /// Starts a program in its own process group with /dev/null as its standard input (a test or tool must
    /// never wait on a terminal), and `descriptors` mapped as `spawn` maps them.
    public static func spawnWithoutInput(
        arguments: [String], environment: [String: String], workingDirectory: String? = nil,
        descriptors: [(Int32, Int32)]
    ) throws -> ChildProcess {
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard devNull >= 0 else { throw PosixError("cannot open /dev/null", code: errno) }
        defer { FileDescriptorIO.close(devNull) }
        return try spawn(
            arguments: arguments, environment: environment, workingDirectory: workingDirectory,
            descriptors: [(devNull, 0)] + descriptors, newProcessGroup: true)
    }

    /// Waits for the process to end (retrying on EINTR).
    public func wait() -> Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .exited(-1) }
        }
        return Self.termination(fromWaitStatus: status)
    }

    /// Decodes a waitpid status; the <sys/wait.h> macros are not imported into Swift, these are their definitions.
    static func termination(fromWaitStatus status: Int32) -> Termination {
        let termSignal = status & 0x7f
        return termSignal == 0 ? .exited((status >> 8) & 0xff) : .signalled(termSignal)
    }

    /// Sends `signal` to the process group this process leads.
    public func signalGroup(_ signal: Int32) {
        _ = kill(-pid, signal)
    }

    /// Sends `signal` to this process only.
    public func signal(_ signal: Int32) {
        _ = kill(pid, signal)
    }
}

extension ChildProcess {
    /// Returns the termination if the process has ended, without blocking.
    public func poll() -> Termination? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return result < 0 ? .exited(-1) : nil }
        return Self.termination(fromWaitStatus: status)
    }
}

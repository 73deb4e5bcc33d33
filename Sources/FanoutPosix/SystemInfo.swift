import CFanoutSpawn
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Facts about the machine this process runs on.
public enum SystemInfo {
    /// CPUs this process may run on (honours taskset and cgroup-restricted affinity).
    public static var cpuCount: Int {
        let count = Int(fanout_affinity_cpu_count())
        return count > 0 ? count : max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    public static var hostname: String { ProcessInfo.processInfo.hostName }

    /// Absolute path of the running executable.
    public static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
    }

    public static var now: Double { Date().timeIntervalSince1970 }

    public static var environment: [String: String] { ProcessInfo.processInfo.environment }
}

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

    /// The running kernel's boot id: the same in every container and network namespace of one machine; nil when
    /// the kernel does not say (not Linux).
    public static var bootID: String? {
        guard let data = FileManager.default.contents(atPath: "/proc/sys/kernel/random/boot_id") else { return nil }
        let text = String(decoding: data, as: UTF8.self).filter { !$0.isWhitespace }
        return text.isEmpty ? nil : text
    }

    /// CPUs online in the whole kernel, whatever this process's affinity allows.
    public static var onlineCPUs: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// Absolute path of the running executable.
    public static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
    }

    public static var now: Double { Date().timeIntervalSince1970 }

    public static var environment: [String: String] { ProcessInfo.processInfo.environment }
}

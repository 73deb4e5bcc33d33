import CFanoutSpawn
import Foundation

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

/// Byte search in large buffers.
public enum ByteSearch {
    /// Whether `needle` occurs in `haystack`.
    public static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBytes { h in
            needle.withUnsafeBytes { n in fanout_contains_bytes(h.baseAddress, h.count, n.baseAddress, n.count) != 0 }
        }
    }
}

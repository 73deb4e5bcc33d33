/// What a host told about itself before the run: its home, CPUs, tools and free disk.
public struct HostProbe: Sendable, Equatable {
    public var home: String
    public var cpuCount: Int?
    /// Path of rsync on the host, nil when missing.
    public var rsync: String?
    public var system: String
    /// The machine part of `system` (`uname -m`: `x86_64`, `aarch64`).
    public var machine: String { system.split(separator: " ").last.map(String.init) ?? "" }
    /// Free space in the home's file system, in KiB.
    public var freeKiB: Int?

    /// The shell command that prints the probe's `key=value` lines.
    public static let command = """
        printf 'home=%s\\n' "$HOME"; \
        printf 'cpus=%s\\n' "$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null)"; \
        r=$(command -v rsync 2>/dev/null); [ -f "$r" ] && [ -x "$r" ] || r=; printf 'rsync=%s\\n' "$r"; \
        printf 'system=%s\\n' "$(uname -sm)"; \
        printf 'free=%s\\n' "$(df -Pk "$HOME" 2>/dev/null | awk 'NR==2 {print $4}')"
        """

    public init(parsing output: String) {
        var values: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        home = values["home"] ?? ""
        cpuCount = values["cpus"].flatMap { Int($0) }
        rsync = values["rsync"].flatMap { $0.isEmpty ? nil : $0 }
        system = values["system"] ?? ""
        freeKiB = values["free"].flatMap { Int($0) }
    }
}

import FanoutCore

/// The live status a terminal shows below the run's lines: a progress bar with counts and an ETA, then a line
/// per host with what each of its slots runs. Every line fits `width` columns, so redrawing knows its height.
public struct StatusBlock: Sendable {
    public var maxHosts = 8

    public init() {}

    public func lines(_ progress: RunProgress, width: Int, style: ConsoleStyle) -> [String] {
        var head = "\(progress.finishedScopes)/\(progress.totalScopes) files  \(progress.testsDone) tests"
        if progress.failures > 0 { head += "  \(progress.failures) failed" }
        head += "  \(Self.clock(progress.elapsed))"
        if let eta = progress.eta { head += "  ETA \(Self.clock(eta))" }
        let barWidth = max(10, min(40, width - head.count - 4))
        let done = progress.totalScopes > 0 ? Double(progress.finishedScopes) / Double(progress.totalScopes) : 0
        let filled = Int((done * Double(barWidth)).rounded(.down))
        let bar = "[" + String(repeating: "=", count: filled) + String(repeating: " ", count: barWidth - filled) + "]"
        var lines = [fit(bar + " " + head, width)]
        let hosts = Dictionary(grouping: progress.running.keys, by: \.host).sorted { $0.key < $1.key }
        for (host, workers) in hosts.prefix(maxHosts) {
            let slots = workers.sorted().map { worker in
                "s\(worker.slot) " + ((progress.running[worker] ?? nil) ?? "idle")
            }
            lines.append(fit("  \(host)  " + slots.joined(separator: " | "), width))
        }
        if hosts.count > maxHosts { lines.append(fit("  ... and \(hosts.count - maxHosts) more hosts", width)) }
        return lines.map { $0.hasPrefix("[") && progress.failures > 0 ? style.red($0) : $0 }
    }

    /// `0:42`, `12:05`, `1:02:03`.
    public static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        if total >= 3600 { return "\(total / 3600):\(two(total % 3600 / 60)):\(two(total % 60))" }
        return "\(total / 60):\(two(total % 60))"
    }

    private func fit(_ line: String, _ width: Int) -> String {
        line.count < width ? line : String(line.prefix(max(1, width - 2))) + "…"
    }
}

import FanoutPosix
import FanoutSSH
import Foundation

/// Checks one host the way a run would use it, and reports each fact as text for `fanout hosts check`.
public struct HostCheck: Sendable {
    /// One table row; `problem` explains the first thing that failed.
    public struct Row: Sendable {
        public var host: String
        public var values: [String: String]
        public var problem: String?
        public var ok: Bool { problem == nil }
    }

    public static let columns = [
        "host", "address", "reach", "auth", "host key", "rsync", "free disk", "CPUs", "agent", "RTT",
    ]

    let host: RemoteHost
    let agentHash: String?

    public init(host: RemoteHost, agentHash: String?) {
        self.host = host
        self.agentHash = agentHash
    }

    public func run() -> Row {
        var row = Row(
            host: host.label,
            values: ["host": host.label, "address": "\(host.target.user)@\(host.target.knownHostsName)"])
        let connection: SSHConnection
        do {
            connection = try SSHConnection.connect(host.target)
        } catch let error as SSHError {
            switch error.kind {
            case .connect, .handshake, .connectionLost, .channel, .timeout: row.values["reach"] = "no"
            case .unknownHostKey, .changedHostKey:
                row.values["reach"] = "yes"
                row.values["host key"] = error.kind == .unknownHostKey ? "UNKNOWN" : "CHANGED"
            case .authentication:
                row.values["reach"] = "yes"
                row.values["host key"] = "ok"
                row.values["auth"] = "FAILED"
            }
            row.problem = error.description
            return row
        } catch {
            row.problem = "\(error)"
            return row
        }
        defer { connection.close() }
        row.values["reach"] = "yes"
        row.values["auth"] = "ok"
        row.values["host key"] = "ok"
        var times: [Double] = []
        for _ in 0..<3 {
            let started = SystemInfo.now
            _ = connection.run("true")
            times.append(SystemInfo.now - started)
        }
        row.values["RTT"] = String(format: "%.1f ms", (times.sorted()[1]) * 1000)
        let probe = HostProbe(parsing: connection.run(HostProbe.command).stdoutText)
        row.values["rsync"] = probe.rsync == nil ? "MISSING" : "yes"
        row.values["free disk"] = probe.freeKiB.map { String(format: "%.1f GiB", Double($0) / 1_048_576) } ?? "?"
        row.values["CPUs"] = probe.cpuCount.map(String.init) ?? "?"
        if let agentHash {
            let path = "\(probe.home)/.cache/fanout/agents/\(agentHash)/fanout-agent"
            let version = connection.run("\(ShellQuote.word(path)) --version")
            row.values["agent"] =
                version.succeeded ? version.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) : "not deployed"
        }
        if probe.rsync == nil { row.problem = "\(host.label): rsync is missing; install it (apt-get install rsync)" }
        return row
    }

    /// The rows as an aligned table, followed by each problem.
    public static func table(_ rows: [Row]) -> String {
        let cells = rows.map { row in columns.map { row.values[$0] ?? "-" } }
        let widths = columns.indices.map { index in ([columns[index]] + cells.map { $0[index] }).map(\.count).max() ?? 0
        }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0.0.padding(toLength: $0.1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        var text = line(columns) + line(widths.map { String(repeating: "-", count: $0) })
        for row in cells { text += line(row) }
        for row in rows { if let problem = row.problem { text += "\n\(problem)\n" } }
        return text
    }
}

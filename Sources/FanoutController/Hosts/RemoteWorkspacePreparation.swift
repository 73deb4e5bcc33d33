import FanoutCore
import FanoutSSH

/// Chooses, checks, creates and locks the directory a host's copy of the workspace goes into, so that rsync's
/// `--delete` only ever acts in a directory Fanout made and marked, and no two runs use one at the same time.
struct RemoteWorkspacePreparation: Sendable {
    let host: RemoteHost
    /// Names the controller's copy of the workspace, so two checkouts never share a directory on a host.
    let workspaceKey: String
    let timeout: Double
    let heartbeatTimeout: Double
    /// How many directories of the host's cache to try when others are held by runs still going.
    static let cacheAttempts = 8

    /// The directory, ready for rsync, and the lock held on it for the run.
    struct Prepared: Sendable {
        var directory: String
        var lock: WorkspaceLockHolder
    }

    func prepare(
        _ connection: SSHConnection, home: String, agentPath: String, notice: @escaping @Sendable (String) -> Void
    ) throws -> Prepared {
        guard let configured = host.workspace else {
            for attempt in 1...Self.cacheAttempts {
                let directory = RemoteWorkspace.cachePath(home: home, key: workspaceKey, attempt: attempt)
                try make(directory, connection, home: home)
                if case .locked(let lock) = try lock(directory, connection, agentPath: agentPath, waiting: nil) {
                    return Prepared(directory: directory, lock: lock)
                }
            }
            throw ControllerError(
                "\(host.label): \(Self.cacheAttempts) runs of this workspace are using this host at once; wait for "
                    + "one to end")
        }
        guard let directory = RemoteWorkspace.expand(configured, home: home) else {
            throw ControllerError(
                "\(host.label): workspace = \"\(configured)\": `~user` paths are not supported; write the path out")
        }
        try make(directory, connection, home: home)
        let waiting: @Sendable () -> Void = {
            notice("\(host.label): another run is using \(directory) there; waiting for it to end")
        }
        guard case .locked(let lock) = try lock(directory, connection, agentPath: agentPath, waiting: waiting) else {
            throw ControllerError("\(host.label): the lock of \(directory) was not taken")
        }
        return Prepared(directory: directory, lock: lock)
    }

    /// Checks `directory` against the rules of `RemoteWorkspace`, then creates and marks it as they say.
    private func make(_ directory: String, _ connection: SSHConnection, home: String) throws {
        let facts = try self.facts(of: directory, connection)
        let quoted = ShellQuote.word(directory)
        let mark = "printf 'fanout workspace copy\\n' > \(quoted)/\(RemoteWorkspace.markerName)"
        let command: String
        switch RemoteWorkspace.decide(path: directory, home: home, facts: facts) {
        case .refuse(let why):
            throw ControllerError(
                "\(host.label): refusing to sync into \(directory): \(why). Nothing was transferred; set `workspace` "
                    + "in this host's [[hosts]] entry to a new directory, or leave it out (Fanout then uses "
                    + "~/.cache/fanout/workspaces)")
        case .use(mark: false): return
        case .use(mark: true): command = mark
        case .create: command = "mkdir -p \(quoted) && \(mark)"
        }
        let made = connection.run(command, timeout: timeout, stage: "creating the workspace directory")
        guard made.succeeded else {
            throw ControllerError(
                "\(host.label): cannot create \(directory): \(made.exit.error?.message ?? made.stderrText)")
        }
    }

    /// What the host says about `directory` and its user's home.
    private func facts(of directory: String, _ connection: SSHConnection) throws -> RemoteWorkspace.Facts {
        let quoted = ShellQuote.word(directory)
        let script =
            "printf 'home=%s\\n' \"$(cd ~ && pwd -P)\"; "
            + "if [ -d \(quoted) ]; then printf 'kind=directory\\nreal=%s\\n' \"$(cd \(quoted) && pwd -P)\"; "
            + "[ -f \(quoted)/\(RemoteWorkspace.markerName) ] && echo marker=yes; "
            + "elif [ -e \(quoted) ] || [ -L \(quoted) ]; then echo kind=other; else echo kind=missing; fi; true"
        let result = connection.run(script, timeout: timeout, stage: "checking the workspace directory")
        guard result.succeeded else {
            throw ControllerError(
                "\(host.label): cannot check \(directory): \(result.exit.error?.message ?? result.stderrText)")
        }
        var values: [String: String] = [:]
        for line in result.stdoutText.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        let kind: RemoteWorkspace.Facts.Kind =
            switch values["kind"] {
            case "directory": .directory
            case "missing": .missing
            default: .other
            }
        return RemoteWorkspace.Facts(
            kind: kind, realPath: values["real"], hasMarker: values["marker"] == "yes", realHome: values["home"] ?? "")
    }

    private func lock(
        _ directory: String, _ connection: SSHConnection, agentPath: String, waiting: (@Sendable () -> Void)?
    ) throws -> WorkspaceLockHolder.Outcome {
        try WorkspaceLockHolder.acquire(
            connection, agentPath: agentPath, directory: directory, idleTimeout: heartbeatTimeout, timeout: timeout,
            waiting: waiting)
    }
}

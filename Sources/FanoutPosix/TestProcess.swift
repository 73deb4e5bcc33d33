#if canImport(Glibc)
    import Glibc
#endif

/// A process that runs one batch: spawned by the agent, or forked by a warm worker on the agent's behalf.
/// Either way it leads its own process group, so one signal reaches everything it started.
public protocol TestProcess: Sendable {
    var pid: Int32 { get }
    /// The termination if the process has ended, without blocking.
    func poll() -> ChildProcess.Termination?
    /// Blocks until the process ends.
    func wait() -> ChildProcess.Termination
    /// Sends `signal` to the process group the process leads.
    func signalGroup(_ signal: Int32)
    /// Sends `signal` to the process alone.
    func signal(_ signal: Int32)
}

extension ChildProcess: TestProcess {}

extension TestProcess {
    /// Sends `signal` to the process's group and to every group below it (see
    /// `ProcessTable.descendantGroups`), adding those to `groups`, which keeps the ones seen earlier: a
    /// descendant whose parent has died is no longer below the process.
    public func signalTree(_ signal: Int32, groups: inout Set<Int32>) {
        groups.formUnion(ProcessTable.descendantGroups(of: pid))
        signalGroup(signal)
        for group in groups where group != pid { _ = kill(-group, signal) }
    }
}

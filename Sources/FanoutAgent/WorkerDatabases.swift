import FanoutAdapters
import FanoutCore
import FanoutPosix
import FanoutProtocol
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Carries out a host's `[database]` plan: checks the server, builds the template, clones it per slot before
/// any slot takes work, and drops what it made at the session's end, unless the run keeps them (`--keep-db`),
/// when the next run reuses them while the template's inputs are unchanged.
final class WorkerDatabases: Sendable {
    let plan: WorkerDatabasePlan?
    /// Why the plan could not be made (a URL the agent cannot read); reported by `prepare`.
    let planProblem: String?
    let keep: Bool
    /// Whether databases of this session may exist (so the end drops them), whether a step is under way, and
    /// whether the session is ending (so no step starts after the drop began).
    private let state = Locked((madeAny: false, busy: false, stopping: false))
    /// The stoppable processes of the step under way (the template command, MySQL's dump and loads), by pid.
    private let stoppable = Locked<[pid_t: ChildProcess]>([:])

    init(hello: ControllerHello) {
        keep = hello.adapter.keepDatabases
        guard let spec = hello.database else {
            (plan, planProblem) = (nil, nil)
            return
        }
        do {
            plan = try WorkerDatabasePlan(spec: spec, host: hello.host, slots: hello.slots, workspace: hello.workspace)
            planProblem = nil
        } catch {
            (plan, planProblem) = (nil, "[database] url: \(error)")
        }
    }

    /// What `slot`'s tests see of its clone.
    func environment(slot: Int) -> [String: String] { plan?.environment(slot: slot) ?? [:] }

    /// Makes every slot's clone; throws what went wrong, and where, when that failed (the host is left out).
    func prepare(environment: [String: String], say: (String) -> Void) throws {
        if let planProblem { throw AgentError(planProblem) }
        guard let plan else { return }
        let started = SystemInfo.now
        var steps = WorkerDatabaseSteps(plan: plan, environment: environment)
        // A process that starts after the end began (a load after the dump) is stopped as it starts: `finish`
        // sets `stopping` before it stops what is registered, so one of the two always sees the other.
        steps.stoppableStarted = { [stoppable, state] process in
            stoppable.withLock { $0[process.pid] = process }
            if state.withLock({ $0.stopping }) { process.signalGroup(SIGKILL) }
        }
        defer { stoppable.withLock { $0 = [:] } }
        // Hashing the inputs walks the workspace: only a run that keeps its databases needs the stamp.
        let stamp = keep ? self.stamp(plan) : nil
        if let stamp, let existing = try? steps.existing(),
            plan.canReuse(recordedStamp: recordedStamp(plan), stamp: stamp, existing: existing)
        {
            say("[database] reusing the template and \(plan.slots) clones kept by the last run (--keep-db)")
            return
        }
        try? FileManager.default.removeItem(atPath: stampPath(plan))
        do {
            for step in plan.setUpSteps {
                try begin(step)
                defer { state.withLock { $0.busy = false } }
                try steps.perform(step)
            }
        } catch {
            if state.withLock({ !$0.stopping }) { _ = try? steps.perform(.drop(plan.made)) }
            throw error
        }
        if let stamp { try? AtomicFile.write(Array(stamp.utf8), to: stampPath(plan)) }
        say(
            "[database] \(plan.slots) clones of \(plan.template) made in "
                + "\(NumberText.fixed(SystemInfo.now - started, digits: 1))s")
    }

    private func begin(_ step: WorkerDatabaseStep) throws {
        try state.withLock { state in
            guard !state.stopping else { throw AgentError("the run ended while its databases were being made") }
            state.busy = true
            if step != .checkServer { state.madeAny = true }
        }
    }

    /// Drops the clones (and a template Fanout built) unless the run keeps them; what went wrong, or nil. A
    /// step still under way (a clone the server is making) is waited for, up to `stepWait` seconds, so the drop
    /// finds what it made.
    func finish(environment: [String: String], stepWait: Double = 10) -> String? {
        state.withLock { $0.stopping = true }
        stoppable.withLock { $0.values.forEach { $0.signalGroup(SIGKILL) } }
        let deadline = SystemInfo.now + stepWait
        while state.withLock({ $0.busy }), SystemInfo.now < deadline { usleep(50_000) }
        guard let plan, !keep, state.withLock({ $0.madeAny }) else { return nil }
        do {
            try WorkerDatabaseSteps(plan: plan, environment: environment).perform(.drop(plan.made))
            return nil
        } catch {
            return "\(error) Drop \(plan.made.joined(separator: ", ")) by hand."
        }
    }

    private func stampPath(_ plan: WorkerDatabasePlan) -> String {
        PathText.join(plan.databaseDirectory, "\(plan.template.split(separator: "/").last ?? "template").stamp")
    }

    private func recordedStamp(_ plan: WorkerDatabasePlan) -> String? {
        FileManager.default.contents(atPath: stampPath(plan)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The template's inputs and everything that names what was made from them.
    private func stamp(_ plan: WorkerDatabasePlan) -> String {
        var parts = [plan.spec.url, plan.spec.variable] + plan.spec.template + ["--"] + plan.spec.inputs
        parts.append(plan.spec.inputs.isEmpty ? "" : WorkspaceInputs.hash(plan.spec.inputs, in: plan.workspace))
        return SHA256.hex(Array(parts.joined(separator: "\u{0}").utf8))
    }
}

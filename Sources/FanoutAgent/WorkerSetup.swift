import FanoutAdapters
import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Runs the run's `[[worker_setup]]` commands: every slot its own, in order, all slots at once, before any slot
/// takes work; and at the session's end, in every slot, the teardowns of the commands that succeeded there, last
/// first. Each command sees that slot's test environment, so `FANOUT_WORKER` or `FANOUT_SLOT` can name what it
/// makes.
final class WorkerSetup: Sendable {
    /// Seconds one teardown may run: the controller gives an ending agent 20 s in all.
    static let teardownLimit = 15.0

    let commands: [WorkerSetupCommand]
    let workspace: String
    /// Slot → how many of `commands` succeeded there, so the end tears down exactly what was set up.
    private let succeeded = Locked<[Int: Int]>([:])

    init(commands: [WorkerSetupCommand], workspace: String) {
        self.commands = commands
        self.workspace = workspace
    }

    /// Sets up every slot; throws, with the failing command's output, when one slot's setup failed (the host is
    /// then left out, and `tearDown` undoes what the other slots made).
    func setUp(
        slots: [Int], environment: @escaping @Sendable (Int) -> [String: String],
        say: @escaping @Sendable (String) -> Void
    )
        throws
    {
        guard !commands.isEmpty else { return }
        let failures = Mailbox<(slot: Int, error: AgentError?)>()
        for slot in slots {
            Threads.start("fanout-worker-setup-\(slot)") {
                failures.post((slot, self.setUp(slot: slot, environment: environment(slot), say: say)))
            }
        }
        var first: (slot: Int, error: AgentError)?
        for _ in slots {
            guard let result = failures.take(), let error = result.error else { continue }
            if result.slot < first?.slot ?? .max { first = (result.slot, error) }
        }
        if let first { throw first.error }
    }

    /// Runs `slot`'s commands in order up to the first that fails; that one's error, or nil.
    private func setUp(slot: Int, environment: [String: String], say: (String) -> Void) -> AgentError? {
        let worker = environment["FANOUT_WORKER"] ?? "slot \(slot)"
        for (index, command) in commands.enumerated() {
            let shown = command.run.joined(separator: " ")
            let started = SystemInfo.now
            do {
                let ending = try CapturedCommand.run(
                    command.run, workspace: workspace, environment: environment, timeout: nil)
                guard ending.termination == .exited(0) else {
                    return AgentError(
                        "worker setup `\(shown)` failed for \(worker) (\(HostSetup.phrase(ending.termination))) in "
                            + "\(workspace); the host is left out. Its output ends:\n\(ending.output.lastLines(40))")
                }
            } catch {
                return AgentError("worker setup `\(shown)` could not start for \(worker) in \(workspace): \(error)")
            }
            succeeded.withLock { $0[slot] = index + 1 }
            say(
                "worker setup `\(shown)` ran for \(worker) in \(NumberText.fixed(SystemInfo.now - started, digits: 1))s"
            )
        }
        return nil
    }

    /// Runs the teardowns of what `setUp` made, every slot at once, each command's last first; returns what went
    /// wrong, one line per failed teardown.
    func tearDown(environment: @escaping @Sendable (Int) -> [String: String]) -> [String] {
        let made = succeeded.withLock { made -> [Int: Int] in
            defer { made = [:] }
            return made
        }
        let problems = Mailbox<[String]>()
        for (slot, count) in made {
            Threads.start("fanout-worker-teardown-\(slot)") {
                problems.post(self.tearDown(slot: slot, count: count, environment: environment(slot)))
            }
        }
        return made.flatMap { _ in problems.take() ?? [] }
    }

    private func tearDown(slot: Int, count: Int, environment: [String: String]) -> [String] {
        let worker = environment["FANOUT_WORKER"] ?? "slot \(slot)"
        var problems: [String] = []
        for command in commands.prefix(count).reversed() where !command.teardown.isEmpty {
            let shown = command.teardown.joined(separator: " ")
            do {
                let ending = try CapturedCommand.run(
                    command.teardown, workspace: workspace, environment: environment, timeout: Self.teardownLimit)
                if ending.timedOut {
                    problems.append(
                        "worker teardown `\(shown)` for \(worker) was stopped after \(Int(Self.teardownLimit)) s")
                } else if ending.termination != .exited(0) {
                    let said = ending.output.lastLines(5).trimmedWhitespaceAndNewlines()
                    problems.append(
                        "worker teardown `\(shown)` failed for \(worker) (\(HostSetup.phrase(ending.termination))): \(said)"
                    )
                }
            } catch {
                problems.append("worker teardown `\(shown)` could not start for \(worker): \(error)")
            }
        }
        return problems
    }
}

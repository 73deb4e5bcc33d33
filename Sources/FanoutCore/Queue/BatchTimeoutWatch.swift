/// Enforces the per-test and per-batch timeouts of one batch, as a state machine the agent polls: past a
/// limit it asks for a stack dump (where the framework can print every thread's stack), then SIGTERM to the
/// batch's process group, then SIGKILL after a grace period.
public struct BatchTimeoutWatch: Sendable {
    public enum Action: Sendable, Equatable {
        case none
        /// Ask the test process to print the stack of every thread (Python: faulthandler on SIGUSR1).
        case dumpStacks
        case terminate
        case kill
    }

    /// Which limit expired, and for which test.
    public struct Expiry: Sendable, Equatable {
        /// The test running when the limit expired, if one was.
        public var testID: String?
        public var limit: Double
        /// `--timeout` or `--batch-timeout`.
        public var option: String

        public init(testID: String?, limit: Double, option: String) {
            self.testID = testID
            self.limit = limit
            self.option = option
        }
    }

    public let testLimit: Double?
    public let batchLimit: Double?
    public let batchStart: Double
    public let canDumpStacks: Bool
    /// Time for the stack dump to reach the output before the process is stopped.
    public static let dumpGrace = 0.5
    /// Time between SIGTERM and SIGKILL.
    public static let terminateGrace = 2.0

    public private(set) var expiry: Expiry?
    private var stage: (step: Action, since: Double) = (.none, 0)

    public init(testLimit: Double?, batchLimit: Double?, batchStart: Double, canDumpStacks: Bool) {
        self.testLimit = testLimit
        self.batchLimit = batchLimit
        self.batchStart = batchStart
        self.canDumpStacks = canDumpStacks
    }

    /// What to do now, given the test that is running (its id and start time), if any.
    public mutating func check(now: Double, running: (testID: String, startedAt: Double)?) -> Action {
        switch stage.step {
        case .none:
            if let testLimit, let running, now - running.startedAt > testLimit {
                expiry = Expiry(testID: running.testID, limit: testLimit, option: "--timeout")
            } else if let batchLimit, now - batchStart > batchLimit {
                expiry = Expiry(testID: running?.testID, limit: batchLimit, option: "--batch-timeout")
            } else {
                return .none
            }
            stage = (canDumpStacks ? .dumpStacks : .terminate, now)
            return stage.step
        case .dumpStacks:
            guard now - stage.since >= Self.dumpGrace else { return .none }
            stage = (.terminate, now)
            return .terminate
        case .terminate:
            guard now - stage.since >= Self.terminateGrace else { return .none }
            stage = (.kill, now)
            return .kill
        case .kill:
            return .none
        }
    }
}

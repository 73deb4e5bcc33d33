/// A Python runner's word that its session ended in order (`{"event": "end"}`), the last line it writes. A
/// process that exits without it did not finish its session, whatever its exit code says.
public struct SessionEnd: Sendable, Equatable {
    /// A test the session selected and never reported.
    public struct Unreported: Sendable, Equatable {
        public var id: String
        public var scope: String

        public init(id: String, scope: String) {
            self.id = id
            self.scope = scope
        }
    }

    public var exitStatus: Int
    /// Why the session stopped before its last test on its own (`-x`, `--maxfail`, failfast); nil when it did not.
    public var stopped: String?
    public var unreported: [Unreported]
    /// Tests that never started because a fixture of their class or module failed or skipped; that fixture's
    /// own result says why (unittest's `setUpClass (pkg.mod.Class)`).
    public var explained: [Unreported]

    public init(exitStatus: Int, stopped: String? = nil, unreported: [Unreported] = [], explained: [Unreported] = []) {
        self.exitStatus = exitStatus
        self.stopped = stopped
        self.unreported = unreported
        self.explained = explained
    }
}

import FanoutPosix

extension ChildProcess.Termination {
    /// How a batch that ran `steps` processes in turn ended, as one termination: the first crash, else the
    /// first failing exit, else the last exit (a batch that ran nothing exited 0). A crash or failure of an
    /// early process must not be hidden by a later one that passed.
    public static func batch(_ steps: [ChildProcess.Termination]) -> ChildProcess.Termination {
        steps.first { $0.signal != nil } ?? steps.first { $0 != .exited(0) } ?? steps.last ?? .exited(0)
    }
}

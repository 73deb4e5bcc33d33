import FanoutCore

/// One decoded line of an adapter's result stream.
public enum AdapterEvent: Sendable, Equatable {
    case started(testID: String, scope: String, at: Double)
    case finished(TestResult)
    /// A line about a running test (a failure message printed before its result); it becomes the result's
    /// message and details when the result itself carries none.
    case note(testID: String, text: String)
    /// The framework's session ended in order (only runners that say so: Fanout's Python runners).
    case sessionEnded(SessionEnd)
}

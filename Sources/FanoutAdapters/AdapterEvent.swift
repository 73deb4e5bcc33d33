import FanoutCore

/// One decoded line of an adapter's result stream.
public enum AdapterEvent: Sendable, Equatable {
    case started(testID: String, scope: String, at: Double)
    case finished(TestResult)
}

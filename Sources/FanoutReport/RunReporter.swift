import FanoutCore

/// A consumer of the run's event stream. Every output (console, JSON, JUnit XML) is one.
public protocol RunReporter {
    mutating func handle(_ event: RunEvent) throws
}

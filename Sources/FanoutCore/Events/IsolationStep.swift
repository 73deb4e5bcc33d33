/// A step of an isolated scope's life that the user hears of: its setup and teardown commands.
public enum IsolationStep: Sendable, Equatable, CustomStringConvertible {
    case setupStarted
    /// `detail` says how it went (its exit, how long it took).
    case setupSucceeded(detail: String)
    /// None of its tests run; `detail` carries the command's exit and output.
    case setupFailed(detail: String)
    case teardownStarted
    case teardownSucceeded(detail: String)
    case teardownFailed(detail: String)

    public var description: String {
        switch self {
        case .setupStarted: "running its setup command"
        case .setupSucceeded(let detail), .teardownSucceeded(let detail): detail
        case .setupFailed(let detail): "setup failed (\(detail)); its tests did not run"
        case .teardownStarted: "running its teardown command"
        case .teardownFailed(let detail): "teardown failed (\(detail))"
        }
    }
}

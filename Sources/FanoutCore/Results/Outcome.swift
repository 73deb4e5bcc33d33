/// The final outcome of one test, in pytest's vocabulary (other frameworks map onto it).
public enum Outcome: String, Codable, Sendable, CaseIterable, Comparable {
    case passed
    case failed
    case error
    case skipped
    case xfailed
    case xpassed
    /// Stopped by Fanout's per-test or per-batch timeout (`--timeout`, `--batch-timeout`).
    case timeout

    /// Whether this outcome makes the run fail.
    public var isFailure: Bool { self == .failed || self == .error || self == .timeout }

    /// Order used in summaries: failures first, as pytest prints them.
    public static func < (lhs: Outcome, rhs: Outcome) -> Bool {
        lhs.summaryRank < rhs.summaryRank
    }

    private var summaryRank: Int {
        switch self {
        case .failed: 0
        case .error: 1
        case .timeout: 2
        case .passed: 3
        case .skipped: 4
        case .xfailed: 5
        case .xpassed: 6
        }
    }

    /// pytest's short-summary word for a failure: FAILED, ERROR, or TIMEOUT.
    public var label: String {
        switch self {
        case .failed: "FAILED"
        case .timeout: "TIMEOUT"
        default: "ERROR"
        }
    }
}

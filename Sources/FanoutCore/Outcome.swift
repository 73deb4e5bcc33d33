/// The final outcome of one test, in pytest's vocabulary (other frameworks map onto it).
public enum Outcome: String, Codable, Sendable, CaseIterable, Comparable {
    case passed
    case failed
    case error
    case skipped
    case xfailed
    case xpassed

    /// Whether this outcome makes the run fail.
    public var isFailure: Bool { self == .failed || self == .error }

    /// Order used in summaries: failures first, as pytest prints them.
    public static func < (lhs: Outcome, rhs: Outcome) -> Bool {
        lhs.summaryRank < rhs.summaryRank
    }

    private var summaryRank: Int {
        switch self {
        case .failed: 0
        case .error: 1
        case .passed: 2
        case .skipped: 3
        case .xfailed: 4
        case .xpassed: 5
        }
    }
}

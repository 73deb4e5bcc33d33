/// Process exit codes, the same as pytest's so that CI scripts need no change.
public enum ExitCode: Int32, Codable, Sendable {
    case allPassed = 0
    case testsFailed = 1
    case interrupted = 2
    case internalError = 3
    case usageError = 4
    case noTestsCollected = 5
}

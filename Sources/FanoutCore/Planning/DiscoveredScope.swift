/// A unit of scheduling found by an adapter: for pytest, one test file.
public struct DiscoveredScope: Hashable, Codable, Sendable {
    /// Path relative to the workspace root, with `/` separators.
    public var id: String
    /// Size of the file in bytes; a tie-breaker when no history exists.
    public var sizeBytes: Int

    public init(id: String, sizeBytes: Int = 0) {
        self.id = id
        self.sizeBytes = sizeBytes
    }
}

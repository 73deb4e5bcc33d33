/// What the queue hands one slot at a time: one or more scopes that run in one framework process.
public struct Batch: Codable, Sendable, Equatable, Hashable {
    public var id: Int
    public var scopes: [String]
    /// Expected seconds of test work (not counting per-batch overhead).
    public var expectedSeconds: Double

    public init(id: Int, scopes: [String], expectedSeconds: Double) {
        self.id = id
        self.scopes = scopes
        self.expectedSeconds = expectedSeconds
    }
}

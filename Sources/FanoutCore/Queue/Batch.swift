/// What the queue hands one slot at a time: one or more scopes, or slices of scopes, that run in one framework
/// process.
public struct Batch: Codable, Sendable, Equatable, Hashable {
    public var id: Int
    public var scopes: [String]
    /// Scopes of this batch that run only some of their tests: scope id to test ids, in file order.
    public var slices: [String: [String]]
    /// Tests to leave out of whole scopes of this batch: scope id to test ids.
    public var deselected: [String: [String]]
    /// The smoke batch (`--smoke`): if all of its tests fail, the run stops.
    public var isSmoke: Bool
    /// Expected seconds of test work (not counting per-batch overhead).
    public var expectedSeconds: Double

    public init(
        id: Int, scopes: [String], slices: [String: [String]] = [:], deselected: [String: [String]] = [:],
        isSmoke: Bool = false, expectedSeconds: Double
    ) {
        self.id = id
        self.scopes = scopes
        self.slices = slices
        self.deselected = deselected
        self.isSmoke = isSmoke
        self.expectedSeconds = expectedSeconds
    }

    private enum CodingKeys: String, CodingKey { case id, scopes, slices, deselected, isSmoke, expectedSeconds }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        scopes = try container.decode([String].self, forKey: .scopes)
        slices = try container.decodeIfPresent([String: [String]].self, forKey: .slices) ?? [:]
        deselected = try container.decodeIfPresent([String: [String]].self, forKey: .deselected) ?? [:]
        isSmoke = try container.decodeIfPresent(Bool.self, forKey: .isSmoke) ?? false
        expectedSeconds = try container.decode(Double.self, forKey: .expectedSeconds)
    }
}

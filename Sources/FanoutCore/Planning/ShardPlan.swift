/// A static split of a suite into N shards for CI matrices: every test in exactly one shard, no shard empty.
/// Written by `fanout plan --shards N`, read by `fanout run --shard I/N --plan FILE` and `fanout plan --check`.
public struct ShardPlan: Codable, Sendable, Equatable {
    public static let formatVersion = 1

    /// Whole files, or some tests of a file.
    public struct Item: Codable, Sendable, Equatable, Hashable {
        public var scope: String
        /// Nil: the whole file. Otherwise these test ids of it, in file order.
        public var tests: [String]?

        public init(scope: String, tests: [String]? = nil) {
            self.scope = scope
            self.tests = tests
        }
    }

    public struct Shard: Codable, Sendable, Equatable {
        /// One-based, as in `--shard 2/4`.
        public var index: Int
        public var expectedSeconds: Double
        public var items: [Item]

        public init(index: Int, expectedSeconds: Double, items: [Item]) {
            self.index = index
            self.expectedSeconds = expectedSeconds
            self.items = items
        }
    }

    public var version: Int
    /// How the durations were known: `history` or `file size` (no history).
    public var basis: String
    public var shards: [Shard]

    public init(basis: String, shards: [Shard]) {
        self.version = Self.formatVersion
        self.basis = basis
        self.shards = shards
    }

    /// Every scope the plan names, whole or in part.
    public var scopes: Set<String> { Set(shards.flatMap { $0.items.map(\.scope) }) }

    /// A digest of what the plan assigns where (not of how it was weighed): two plans with one digest run the same
    /// files and tests in the same shards.
    public var digest: String {
        var text = "\(shards.count)\n"
        for shard in shards.sorted(by: { $0.index < $1.index }) {
            text += "shard \(shard.index)\n"
            for item in shard.items {
                text += "\(item.scope)\n"
                for test in item.tests ?? [] { text += "  \(test)\n" }
            }
        }
        return String(SHA256.hex(Array(text.utf8)).prefix(16))
    }

    /// The shard a file that is not in the plan (new since it was made) runs in: a stable hash of its path, so
    /// every shard agrees without talking to the others.
    public func shardForNewScope(_ scope: String) -> Int {
        let digest = SHA256.hex(Array(scope.utf8))
        let value = digest.prefix(12).reduce(UInt64(0)) { $0 << 4 | UInt64($1.hexDigitValue ?? 0) }
        return Int(value % UInt64(max(1, shards.count))) + 1
    }
}

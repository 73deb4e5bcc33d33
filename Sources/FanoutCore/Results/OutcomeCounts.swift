/// How many tests ended with each outcome.
public struct OutcomeCounts: Codable, Sendable, Equatable {
    public private(set) var byOutcome: [Outcome: Int]

    public init(_ byOutcome: [Outcome: Int] = [:]) {
        self.byOutcome = byOutcome.filter { $0.value != 0 }
    }

    public subscript(outcome: Outcome) -> Int { byOutcome[outcome] ?? 0 }

    public mutating func add(_ outcome: Outcome, count: Int = 1) {
        byOutcome[outcome, default: 0] += count
    }

    public var total: Int { byOutcome.values.reduce(0, +) }
    public var failures: Int { self[.failed] + self[.error] + self[.timeout] }

    /// pytest-style phrase: `2 failed, 10 passed, 1 skipped, 1 error`; `no tests ran` when empty.
    public var phrase: String {
        let order: [Outcome] = [.failed, .passed, .skipped, .xfailed, .xpassed, .error, .timeout]
        let parts = order.compactMap { outcome -> String? in
            let count = self[outcome]
            guard count > 0 else { return nil }
            let noun =
                outcome == .error
                ? (count == 1 ? "error" : "errors")
                : outcome == .timeout ? (count == 1 ? "timeout" : "timeouts") : outcome.rawValue
            return "\(count) \(noun)"
        }
        return parts.isEmpty ? "no tests ran" : parts.joined(separator: ", ")
    }

    public init(from decoder: Decoder) throws {
        let raw = try decoder.singleValueContainer().decode([String: Int].self)
        var counts: [Outcome: Int] = [:]
        for (key, value) in raw {
            guard let outcome = Outcome(rawValue: key) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "unknown outcome \(key)"))
            }
            counts[outcome] = value
        }
        self.init(counts)
    }

    /// Encoded with every outcome present (zeros included), so consumers need no defaulting.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: Outcome.allCases.map { ($0.rawValue, self[$0]) }))
    }
}

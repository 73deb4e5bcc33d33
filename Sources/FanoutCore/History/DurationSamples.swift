/// The most recent duration measurements of one test, scope or batch, newest last.
///
/// The expectation is the median, so a single outlier run (a cold cache, a noisy neighbour) does not
/// move the schedule.
public struct DurationSamples: Codable, Sendable, Equatable {
    /// How many measurements are kept.
    public static let capacity = 5

    public private(set) var values: [Double]

    public init(_ values: [Double] = []) {
        self.values = Array(values.filter { $0.isFinite && $0 >= 0 }.suffix(Self.capacity))
    }

    /// Adds a measurement, dropping the oldest beyond `capacity`. Non-finite or negative values are ignored.
    public mutating func record(_ seconds: Double) {
        guard seconds.isFinite, seconds >= 0 else { return }
        values.append(seconds)
        if values.count > Self.capacity { values.removeFirst(values.count - Self.capacity) }
    }

    /// Median of the kept measurements, or nil when there are none.
    public var expected: Double? { Self.median(values) }

    /// Median of `values`, or nil for an empty list.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    public init(from decoder: Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([Double].self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}

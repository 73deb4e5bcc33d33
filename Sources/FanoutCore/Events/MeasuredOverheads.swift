/// Per-batch overheads measured in one run (a batch's wall time less its tests' own), all and by host.
public struct MeasuredOverheads: Sendable, Equatable {
    public private(set) var all: [Double] = []
    public private(set) var byHost: [String: [Double]] = [:]

    public init() {}

    /// Adds one batch's overhead, measured on `host`.
    public mutating func append(_ overhead: Double, host: String) {
        all.append(overhead)
        byHost[host, default: []].append(overhead)
    }
}

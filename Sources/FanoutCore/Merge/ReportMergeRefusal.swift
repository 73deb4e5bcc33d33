/// Why reports were not merged: each reason names the reports, shards and test ids concerned.
public struct ReportMergeRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var reasons: [String]

    public init(reasons: [String]) {
        self.reasons = reasons
    }

    public var description: String {
        "the reports were not merged:\n" + reasons.map { "  - " + $0 }.joined(separator: "\n")
    }

    /// `ids` for a message: the first `limit` of them, then how many more there are.
    static func listed(_ ids: [String], limit: Int = 20) -> String {
        let shown = ids.prefix(limit).joined(separator: ", ")
        return ids.count > limit ? shown + " and \(ids.count - limit) more" : shown
    }
}

/// Stable name of one slot for the whole run, such as `local-s1` or `h2-s3`.
///
/// Encoded as that single string in JSON, because reports and tests' environment use it as a name.
public struct WorkerID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Host label (`local` for the embedded default).
    public var host: String
    /// One-based slot number on that host.
    public var slot: Int

    public init(host: String, slot: Int) {
        self.host = host
        self.slot = slot
    }

    public var description: String { "\(host)-s\(slot)" }

    /// Parses `host-sN`; the host part may itself contain dashes.
    public init?(parsing text: String) {
        guard let dash = text.lastIndex(of: "-") else { return nil }
        let suffix = text[text.index(after: dash)...]
        guard suffix.first == "s", let slot = Int(suffix.dropFirst()), slot > 0 else { return nil }
        self.init(host: String(text[..<dash]), slot: slot)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = WorkerID(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a worker id: \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func < (lhs: WorkerID, rhs: WorkerID) -> Bool {
        (lhs.host, lhs.slot) < (rhs.host, rhs.slot)
    }
}

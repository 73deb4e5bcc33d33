/// Keeps the last `capacity` bytes of a stream, so a test that prints gigabytes costs bounded memory while
/// the end of its output (where the crash is) survives.
public struct OutputTail: Sendable {
    public let capacity: Int
    public private(set) var droppedBytes = 0
    private var buffer: [UInt8] = []

    public init(capacity: Int = 64 * 1024) {
        self.capacity = max(1, capacity)
    }

    public mutating func append(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count > capacity {
            let excess = buffer.count - capacity
            buffer.removeFirst(excess)
            droppedBytes += excess
        }
    }

    /// The kept bytes as text (invalid UTF-8 repaired), prefixed with a note when bytes were dropped.
    public var text: String {
        let body = String(decoding: buffer, as: UTF8.self)
        return droppedBytes > 0 ? "[... \(droppedBytes) earlier bytes not kept ...]\n" + body : body
    }

    /// The last `count` non-empty lines.
    public func lastLines(_ count: Int) -> String {
        String(decoding: buffer, as: UTF8.self).split(separator: "\n").suffix(count).joined(separator: "\n")
    }
}

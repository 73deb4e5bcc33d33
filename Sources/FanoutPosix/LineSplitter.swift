/// Splits a byte stream into lines, whatever the chunk boundaries.
public struct LineSplitter: Sendable {
    private var buffer: [UInt8] = []
    /// A line longer than this is delivered in pieces rather than growing memory without bound.
    public let maxLineBytes: Int

    public init(maxLineBytes: Int = 64 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// Appends `chunk` and returns the complete lines it finished, without their newlines.
    public mutating func push(_ chunk: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = buffer.count
        buffer.append(contentsOf: chunk)
        var lineStart = 0
        while let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(Array(buffer[lineStart..<newline]))
            lineStart = newline + 1
            start = lineStart
        }
        buffer.removeSubrange(0..<lineStart)
        if buffer.count > maxLineBytes {
            lines.append(buffer)
            buffer.removeAll()
        }
        return lines
    }

    /// The unterminated remainder at end-of-file, if any.
    public mutating func finish() -> [UInt8]? {
        defer { buffer.removeAll() }
        return buffer.isEmpty ? nil : buffer
    }
}

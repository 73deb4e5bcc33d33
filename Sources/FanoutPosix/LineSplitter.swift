/// Splits a byte stream into lines, whatever the chunk boundaries.
///
/// A line longer than `maxLineBytes` is never delivered in pieces (each piece would be misread as a line of its
/// own): its bytes are dropped up to its newline and it comes out once as `.oversized` with its length.
public struct LineSplitter: Sendable {
    /// One piece of the stream.
    public enum Line: Sendable, Equatable {
        /// A whole line, without its newline.
        case text([UInt8])
        /// A line of `bytes` bytes (so far, at end-of-file) that was over the limit and dropped.
        case oversized(bytes: Int)
    }

    private var buffer: [UInt8] = []
    /// Bytes of an oversized line dropped so far; nil while no line is being dropped.
    private var dropping: Int?
    public let maxLineBytes: Int

    public init(maxLineBytes: Int = 64 << 20) {
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// Appends `chunk` and returns the lines it finished.
    public mutating func push(_ chunk: [UInt8]) -> [Line] {
        var lines: [Line] = []
        var rest = chunk[...]
        while !rest.isEmpty {
            guard let newline = rest.firstIndex(of: UInt8(ascii: "\n")) else {
                take(rest, into: &lines)
                break
            }
            take(rest[..<newline], into: &lines)
            lines.append(endLine())
            rest = rest[(newline + 1)...]
        }
        return lines
    }

    /// The unterminated remainder at end-of-file, if any.
    public mutating func finish() -> Line? {
        guard dropping != nil || !buffer.isEmpty else { return nil }
        return endLine()
    }

    /// Adds bytes of the current line, switching to dropping them once the line is over the limit.
    private mutating func take(_ bytes: ArraySlice<UInt8>, into lines: inout [Line]) {
        if let dropped = dropping {
            dropping = dropped + bytes.count
        } else if buffer.count + bytes.count > maxLineBytes {
            dropping = buffer.count + bytes.count
            buffer.removeAll()
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    private mutating func endLine() -> Line {
        defer {
            buffer.removeAll(keepingCapacity: buffer.count <= 1 << 16)
            dropping = nil
        }
        if let dropped = dropping { return .oversized(bytes: dropped) }
        return .text(buffer)
    }
}

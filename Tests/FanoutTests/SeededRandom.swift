/// A small seeded generator (SplitMix64), so a fuzz failure can be replayed from its seed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// Random bytes, any values.
    mutating func bytes(upTo count: Int) -> [UInt8] {
        (0..<Int.random(in: 0...count, using: &self)).map { _ in UInt8.random(in: 0...255, using: &self) }
    }

    /// A string mixing shell metacharacters, quotes, pytest id syntax, control characters and non-ASCII
    /// (including characters outside the Basic Multilingual Plane).
    mutating func hostileString(maxPieces: Int = 8, allowControl: Bool = true) -> String {
        var pieces = [
            " ", "$", "$(rm -rf /)", "`id`", ";", "&&", "|", "'", "\"", "\\", "*", "?", "~", "#", "!", "<", ">", "{",
            "}", "-", "--", "=", ":", "::", "[", "]", "/", "..", "%s", "%n", "{tests}", "é", "日本", "😀", "\u{202E}",
            "a", "Z", "0", "test_", ".py",
        ]
        if allowControl { pieces += ["\t", "\n", "\r", "\u{0}", "\u{1B}[31m", "\u{7F}"] }
        let count = Int.random(in: 1...maxPieces, using: &self)
        return (0..<count).map { _ in pieces.randomElement(using: &self)! }.joined()
    }
}

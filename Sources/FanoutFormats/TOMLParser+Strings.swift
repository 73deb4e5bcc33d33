extension TOMLParser {
    mutating func parseBasicString() throws -> String {
        try expect("\"")
        var text: [UInt8] = []
        while true {
            guard let byte = current, byte != UInt8(ascii: "\n") else { throw error("unterminated string") }
            try rejectControl(byte, in: "a string")
            advance()
            if byte == UInt8(ascii: "\"") { return String(decoding: text, as: UTF8.self) }
            if byte == UInt8(ascii: "\\") {
                text += try parseEscape()
            } else {
                text.append(byte)
            }
        }
    }

    mutating func parseLiteralString() throws -> String {
        try expect("'")
        var text: [UInt8] = []
        while true {
            guard let byte = current, byte != UInt8(ascii: "\n") else { throw error("unterminated string") }
            try rejectControl(byte, in: "a string")
            advance()
            if byte == UInt8(ascii: "'") { return String(decoding: text, as: UTF8.self) }
            text.append(byte)
        }
    }

    mutating func parseMultilineString(literal: Bool) throws -> String {
        let quote = literal ? UInt8(ascii: "'") : UInt8(ascii: "\"")
        advance()
        advance()
        advance()
        // A newline right after the opening delimiter is trimmed.
        if current == UInt8(ascii: "\n") { advance() }
        var text: [UInt8] = []
        while true {
            guard let byte = current else { throw error("unterminated multi-line string") }
            if byte == quote && peek(1) == quote && peek(2) == quote {
                advance()
                advance()
                advance()
                // Up to two extra quotes directly before the closing delimiter belong to the string.
                var extraQuotes = 0
                while current == quote && extraQuotes < 2 {
                    text.append(quote)
                    advance()
                    extraQuotes += 1
                }
                return String(decoding: text, as: UTF8.self)
            }
            try rejectControl(byte, in: "a string", newlineAllowed: true)
            advance()
            if !literal && byte == UInt8(ascii: "\\") {
                // A line-ending backslash trims the newline and all whitespace after it.
                var lookahead = index
                while lookahead < bytes.count
                    && (bytes[lookahead] == UInt8(ascii: " ") || bytes[lookahead] == UInt8(ascii: "\t"))
                {
                    lookahead += 1
                }
                if lookahead < bytes.count && bytes[lookahead] == UInt8(ascii: "\n") {
                    while let next = current,
                        next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") || next == UInt8(ascii: "\n")
                    {
                        advance()
                    }
                    continue
                }
                text += try parseEscape()
            } else {
                text.append(byte)
            }
        }
    }

    /// Parses the escape after a backslash and returns its UTF-8 bytes.
    mutating func parseEscape() throws -> [UInt8] {
        guard let byte = current else { throw error("unterminated escape") }
        advance()
        switch byte {
        case UInt8(ascii: "b"): return [8]
        case UInt8(ascii: "t"): return [9]
        case UInt8(ascii: "n"): return [10]
        case UInt8(ascii: "f"): return [12]
        case UInt8(ascii: "r"): return [13]
        case UInt8(ascii: "\""): return [34]
        case UInt8(ascii: "\\"): return [92]
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = byte == UInt8(ascii: "u") ? 4 : 8
            var hex: [UInt8] = []
            for _ in 0..<count {
                guard let digit = current, Character(Unicode.Scalar(digit)).isHexDigit else {
                    throw error("short unicode escape")
                }
                hex.append(digit)
                advance()
            }
            guard let code = UInt32(String(decoding: hex, as: UTF8.self), radix: 16),
                let scalar = Unicode.Scalar(code)
            else { throw error("invalid unicode escape") }
            return Array(String(Character(scalar)).utf8)
        default:
            throw error("invalid escape '\\\(Character(Unicode.Scalar(byte)))'")
        }
    }
}

import FanoutCore
import FoundationEssentials

extension TOMLParser {
    mutating func parseValue() throws -> TOMLValue {
        guard let byte = current else { throw error("expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            if peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"") {
                return .string(try parseMultilineString(literal: false))
            }
            return .string(try parseBasicString())
        case UInt8(ascii: "'"):
            if peek(1) == UInt8(ascii: "'") && peek(2) == UInt8(ascii: "'") {
                return .string(try parseMultilineString(literal: true))
            }
            return .string(try parseLiteralString())
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "{"): return try parseInlineTable()
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            let word = readBareWord()
            if word == "true" { return .boolean(true) }
            if word == "false" { return .boolean(false) }
            throw error("invalid value '\(word)' (strings need quotes)")
        default:
            return try parseNumberOrDate()
        }
    }

    mutating func readBareWord() -> String {
        var word: [UInt8] = []
        while let byte = current,
            Self.isBareKeyByte(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: ":")
        {
            word.append(byte)
            advance()
        }
        return String(decoding: word, as: UTF8.self)
    }

    mutating func parseNumberOrDate() throws -> TOMLValue {
        var word = readBareWord()
        // A date and a time may be separated by one space: `1979-05-27 07:32:00`.
        if word.count == 10, word.dropFirst(4).first == "-", current == UInt8(ascii: " "),
            let next = peek(1), next >= UInt8(ascii: "0"), next <= UInt8(ascii: "9")
        {
            advance()
            word += " " + readBareWord()
        }
        guard !word.isEmpty else { throw error("expected a value") }
        if Self.looksLikeDate(word) {
            guard TOMLScalarSyntax.isDateTime(word) else {
                throw error("invalid date or time '\(word)' (TOML wants 1979-05-27T07:32:00Z, 1979-05-27 or 07:32:00)")
            }
            return .datetime(word)
        }
        if let value = TOMLScalarSyntax.integer(word) { return .integer(value) }
        if let value = TOMLScalarSyntax.float(word) { return .float(value) }
        if word.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") || $0 == UInt8(ascii: "-") }),
            word.count > 18
        {
            throw error("integer '\(word)' does not fit in 64 bits")
        }
        throw error("invalid value '\(word)' (strings need quotes)")
    }

    /// Whether `word` is meant as a date or a time (`1979-05-27`, `07:32:00`): it is then checked as one.
    static func looksLikeDate(_ word: String) -> Bool {
        let bytes = Array(word.utf8)
        if bytes.contains(UInt8(ascii: ":")) { return true }
        return bytes.count >= 5 && bytes[4] == UInt8(ascii: "-")
            && bytes[0..<4].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    mutating func parseArray() throws -> TOMLValue {
        try expect("[")
        var items: [TOMLNode] = []
        while true {
            try skipBlank()
            if current == UInt8(ascii: "]") {
                advance()
                return .array(items)
            }
            let itemLine = line
            items.append(TOMLNode(try parseValue(), line: itemLine))
            try skipBlank()
            if current == UInt8(ascii: ",") {
                advance()
            } else if current != UInt8(ascii: "]") {
                throw error("expected ',' or ']' in array")
            }
        }
    }

    mutating func parseInlineTable() throws -> TOMLValue {
        try expect("{")
        let builder = TOMLBuilder(line: line)
        skipSpaces()
        if current == UInt8(ascii: "}") {
            advance()
            return .table(builder.freeze())
        }
        while true {
            skipSpaces()
            try parseKeyValue(into: builder)
            skipSpaces()
            if current == UInt8(ascii: "}") {
                advance()
                return .table(builder.freeze())
            }
            try expect(",")
        }
    }
}

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
        if Self.looksLikeDate(word) { return .datetime(word) }
        let digits = word.replacing("_", with: "")
        let unsigned = digits.hasPrefix("+") ? String(digits.dropFirst()) : digits
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where unsigned.hasPrefix(prefix) {
            if let value = Int(unsigned.dropFirst(2), radix: radix) { return .integer(value) }
        }
        if let value = Int(unsigned) { return .integer(value) }
        switch unsigned {
        case "inf", "-inf": return .float(unsigned.hasPrefix("-") ? -.infinity : .infinity)
        case "nan", "-nan": return .float(.nan)
        default: break
        }
        if let value = Double(unsigned), unsigned.allSatisfy({ "0123456789.eE+-".contains($0) }) {
            return .float(value)
        }
        throw error("invalid value '\(word)' (strings need quotes)")
    }

    static func looksLikeDate(_ word: String) -> Bool {
        let chars = Array(word)
        if chars.count >= 10 && chars[4] == "-" && chars[7] == "-" { return true }
        return chars.count >= 8 && chars[2] == ":" && chars[5] == ":"
    }

    mutating func parseArray() throws -> TOMLValue {
        try expect("[")
        var items: [TOMLNode] = []
        while true {
            skipBlank()
            if current == UInt8(ascii: "]") {
                advance()
                return .array(items)
            }
            let itemLine = line
            items.append(TOMLNode(try parseValue(), line: itemLine))
            skipBlank()
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

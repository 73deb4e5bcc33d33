/// A small, strict-enough XML parser for test reports. Not a validating parser: it reads elements,
/// attributes, text, CDATA, comments, processing instructions and the DOCTYPE, and rejects what it cannot
/// read with the byte offset, never crashing on bad input.
public struct MiniXMLParser: Sendable {
    public struct ParseError: Error, CustomStringConvertible, Sendable, Equatable {
        public let offset: Int
        public let reason: String
        public var description: String { "not well-formed XML at byte \(offset): \(reason)" }
    }

    /// Elements nest at most this deep: a report needs four levels, and a hostile file nested a million deep
    /// must be an error, not a stack overflow.
    public static let maximumDepth = 256

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The document's root element.
    public static func parse(_ bytes: [UInt8]) throws -> XMLElement {
        var parser = MiniXMLParser(bytes)
        try parser.skipProlog()
        guard parser.peek() == UInt8(ascii: "<") else { throw parser.error("no root element") }
        return try parser.element(depth: 1)
    }

    private func error(_ reason: String) -> ParseError { ParseError(offset: index, reason: reason) }

    private func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private func starts(with text: String) -> Bool {
        let needle = Array(text.utf8)
        return index + needle.count <= bytes.count && Array(bytes[index..<index + needle.count]) == needle
    }

    private mutating func skip(past terminator: String) throws {
        let needle = Array(terminator.utf8)
        while index + needle.count <= bytes.count {
            if Array(bytes[index..<index + needle.count]) == needle {
                index += needle.count
                return
            }
            index += 1
        }
        throw error("unterminated markup, expected \(terminator)")
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private mutating func skipProlog() throws {
        if starts(with: "\u{FEFF}") { index += 3 }
        while true {
            skipWhitespace()
            if starts(with: "<?") {
                try skip(past: "?>")
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<!") {
                try skip(past: ">")
            } else {
                return
            }
        }
    }

    private mutating func name() throws -> String {
        let start = index
        while let byte = peek(), !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D),
            byte != UInt8(ascii: ">"), byte != UInt8(ascii: "/"), byte != UInt8(ascii: "=")
        {
            index += 1
        }
        guard index > start else { throw error("expected a name") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func element(depth: Int) throws -> XMLElement {
        guard depth <= Self.maximumDepth else { throw error("elements nested deeper than \(Self.maximumDepth)") }
        index += 1  // <
        var element = XMLElement(name: try name())
        while true {
            skipWhitespace()
            guard let byte = peek() else { throw error("unterminated start tag <\(element.name)") }
            if byte == UInt8(ascii: "/") {
                guard peek(1) == UInt8(ascii: ">") else { throw error("expected /> in <\(element.name)") }
                index += 2
                return element
            }
            if byte == UInt8(ascii: ">") {
                index += 1
                break
            }
            let (key, value) = try attribute()
            element.attributes[key] = value
        }
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw error("<\(element.name)> is never closed") }
            if byte != UInt8(ascii: "<") {
                text.append(byte)
                index += 1
            } else if starts(with: "<![CDATA[") {
                index += 9
                let start = index
                try skip(past: "]]>")
                text += Self.escapeForText(bytes[start..<index - 3])
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<?") {
                try skip(past: "?>")
            } else if starts(with: "</") {
                index += 2
                let closing = try name()
                guard closing == element.name else {
                    throw error("</\(closing)> closes <\(element.name)>")
                }
                skipWhitespace()
                guard peek() == UInt8(ascii: ">") else { throw error("unterminated end tag </\(closing)") }
                index += 1
                element.text = Self.decodeEntities(text[...])
                return element
            } else {
                element.children.append(try self.element(depth: depth + 1))
            }
        }
    }

    /// One `key="value"` (or single-quoted) of a start tag, its entities decoded.
    private mutating func attribute() throws -> (String, String) {
        let key = try name()
        skipWhitespace()
        guard peek() == UInt8(ascii: "=") else { throw error("attribute \(key) has no value") }
        index += 1
        skipWhitespace()
        guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            throw error("attribute \(key) is not quoted")
        }
        index += 1
        let start = index
        while let next = peek(), next != quote { index += 1 }
        guard peek() == quote else { throw error("unterminated attribute \(key)") }
        index += 1
        return (key, Self.decodeEntities(bytes[start..<(index - 1)]))
    }

    /// CDATA content kept literally: its ampersands must survive entity decoding.
    private static func escapeForText(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        raw.flatMap { $0 == UInt8(ascii: "&") ? Array("&amp;".utf8) : [$0] }
    }

    static func decodeEntities(_ raw: ArraySlice<UInt8>) -> String {
        let text = String(decoding: raw, as: UTF8.self)
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semicolon) <= 10 else {
                result += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = rest[rest.index(after: amp)..<semicolon]
            switch entity {
            case "lt": result += "<"
            case "gt": result += ">"
            case "amp": result += "&"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let number =
                    entity.hasPrefix("#x")
                    ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst(), radix: 10) : nil
                if let number, let scalar = Unicode.Scalar(number) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += "&" + entity + ";"
                }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}

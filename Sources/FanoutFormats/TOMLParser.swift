/// A TOML 1.0 parser that remembers the line of every key, so config errors can point at it.
///
/// Tables are built through `TOMLBuilder` (reference semantics make `[a.b]` and `[[a]]` navigation simple)
/// and frozen into `TOMLTable` values at the end.
public struct TOMLParser {
    var bytes: [UInt8]
    var index = 0
    var line = 1
    let file: String

    /// Parses `text`; errors name `file` and the line.
    public static func parse(_ text: String, file: String) throws -> TOMLTable {
        // As TOML (and Python's tomllib) read it: CRLF is a newline, and a lone CR is a stray control character.
        var parser = TOMLParser(bytes: Array(text.replacing("\r\n", with: "\n").utf8), file: file)
        return try parser.parseDocument()
    }

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    func error(_ message: String) -> ConfigError {
        ConfigError(file: file, line: line, message: message)
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    func peek(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }

    mutating func advance() {
        if current == UInt8(ascii: "\n") { line += 1 }
        index += 1
    }

    mutating func skipSpaces() {
        while let byte = current, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { advance() }
    }

    mutating func skipComment() throws {
        guard current == UInt8(ascii: "#") else { return }
        while let byte = current, byte != UInt8(ascii: "\n") {
            try rejectControl(byte, in: "a comment")
            advance()
        }
    }

    /// Throws for a control character other than tab (and newline where `newlineAllowed`), which TOML forbids
    /// in comments and strings.
    func rejectControl(_ byte: UInt8, in place: String, newlineAllowed: Bool = false) throws {
        guard byte < 0x20 || byte == 0x7f, byte != UInt8(ascii: "\t") else { return }
        if newlineAllowed && byte == UInt8(ascii: "\n") { return }
        let hex = String(byte, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: 4 - hex.count) + hex
        throw error("control character \(code) in \(place); write it as an escape (\\u\(code.dropFirst(2)))")
    }

    /// Skips spaces, newlines and comments (inside arrays and between statements).
    mutating func skipBlank() throws {
        while let byte = current {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") {
                advance()
            } else if byte == UInt8(ascii: "#") {
                try skipComment()
            } else {
                return
            }
        }
    }

    mutating func expectLineEnd() throws {
        skipSpaces()
        try skipComment()
        guard current == nil || current == UInt8(ascii: "\n") else {
            throw error("unexpected text after a value; put one key = value per line")
        }
    }

    mutating func expect(_ character: Character) throws {
        guard current == character.asciiValue else { throw error("expected '\(character)'") }
        advance()
    }

    mutating func parseDocument() throws -> TOMLTable {
        let root = TOMLBuilder(line: 1)
        var target = root
        while true {
            try skipBlank()
            guard let byte = current else { break }
            if byte == UInt8(ascii: "[") {
                let isArray = peek(1) == UInt8(ascii: "[")
                let headerLine = line
                advance()
                if isArray { advance() }
                skipSpaces()
                let path = try parseKeyPath()
                skipSpaces()
                try expect("]")
                if isArray { try expect("]") }
                try expectLineEnd()
                target =
                    isArray
                    ? try root.appendTableArray(at: path, line: headerLine, parser: self)
                    : try root.openTable(at: path, line: headerLine, parser: self)
            } else {
                try parseKeyValue(into: target)
                try expectLineEnd()
            }
        }
        return root.freeze()
    }

    mutating func parseKeyValue(into table: TOMLBuilder) throws {
        let keyLine = line
        let path = try parseKeyPath()
        skipSpaces()
        try expect("=")
        skipSpaces()
        let value = try parseValue()
        try table.assign(path: path, node: TOMLNode(value, line: keyLine), parser: self)
    }

    mutating func parseKeyPath() throws -> [String] {
        var path = [try parseKey()]
        while true {
            skipSpaces()
            guard current == UInt8(ascii: ".") else { return path }
            advance()
            skipSpaces()
            path.append(try parseKey())
        }
    }

    mutating func parseKey() throws -> String {
        if current == UInt8(ascii: "\"") { return try parseBasicString() }
        if current == UInt8(ascii: "'") { return try parseLiteralString() }
        var key: [UInt8] = []
        while let byte = current, Self.isBareKeyByte(byte) {
            key.append(byte)
            advance()
        }
        guard !key.isEmpty else { throw error("expected a key") }
        return String(decoding: key, as: UTF8.self)
    }

    static func isBareKeyByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-")
    }
}

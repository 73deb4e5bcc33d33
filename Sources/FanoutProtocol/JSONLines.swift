import FoundationEssentials

/// Encodes and decodes protocol messages as single JSON lines.
public enum JSONLines {
    /// One message as UTF-8 bytes ending in a newline. JSON escapes newlines inside strings, so a message is
    /// always exactly one line.
    public static func encode<Message: Encodable>(_ message: Message) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes = [UInt8](try encoder.encode(message))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Decodes one line (without its newline).
    public static func decode<Message: Decodable>(_ type: Message.Type, from line: [UInt8]) throws -> Message {
        try JSONDecoder().decode(type, from: Data(line))
    }
}

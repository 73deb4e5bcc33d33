import FanoutCore
import FoundationEssentials

/// An INI file as Python's configparser reads it (enough for pytest.ini, tox.ini and setup.cfg): sections,
/// `key = value` or `key: value`, `#`/`;` comment lines, and indented continuation lines.
public struct IniFile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var value: String
        public var line: Int
    }

    /// Section name to its keys (lower-cased, as configparser does).
    public private(set) var sections: [String: [String: Entry]] = [:]

    public init(parsing text: String) {
        var section: String?
        var lastKey: String?
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.trimmed()
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if let first = line.first, first == " " || first == "\t", let section, let lastKey {
                sections[section]?[lastKey]?.value += "\n" + trimmed
                continue
            }
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                let name = String(trimmed.dropFirst().dropLast()).trimmed()
                section = name
                lastKey = nil
                if sections[name] == nil { sections[name] = [:] }
                continue
            }
            guard let section, let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = trimmed[..<separator].trimmed().lowercased()
            let value = trimmed[trimmed.index(after: separator)...].trimmed()
            sections[section]?[key] = Entry(value: value, line: offset + 1)
            lastKey = key
        }
    }
}

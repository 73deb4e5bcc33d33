import FanoutConfig
import Foundation
import Testing

/// docs/configuration.md lists exactly the keys the config decoder reads: none missing, none that does not exist.
@Suite struct ConfigurationDocsTests {
    static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/configuration.md")

    /// The keys in the first column of each table, by the heading above it (`Top level`, `[[hosts]]`, ...).
    static func documentedKeys() throws -> [String: Set<String>] {
        var keys: [String: Set<String>] = [:]
        var section = ""
        for line in try String(contentsOf: page, encoding: .utf8).split(separator: "\n") {
            if line.hasPrefix("## ") {
                section = String(line.dropFirst(3))
            } else if line.hasPrefix("| `"), let end = line.dropFirst(3).firstIndex(of: "`") {
                keys[section, default: []].insert(String(line[line.index(line.startIndex, offsetBy: 3)..<end]))
            }
        }
        return keys
    }

    @Test(arguments: [
        ("Top level", Set(SettingsDecoder.knownKeys.keys)),
        ("`[[hosts]]`: the machines a run uses", Set(SettingsDecoder.hostKeys.keys)),
        ("`[[isolated]]`: files that run alone", Set(SettingsDecoder.isolatedKeys.keys)),
        ("`[[host_setup]]`: commands each host runs first", Set(SettingsDecoder.hostSetupKeys.keys)),
        ("`[[worker_setup]]`: commands every slot runs first", Set(SettingsDecoder.workerSetupKeys.keys)),
        ("`[database]`: a clone of the tests' database for every worker", Set(SettingsDecoder.databaseKeys.keys)),
        ("`[command]`: the generic command adapter", Set(SettingsDecoder.commandKeys.keys)),
    ])
    func everyKeyIsDocumentedAndEveryDocumentedKeyExists(section: String, decoded: Set<String>) throws {
        let documented = try Self.documentedKeys()[section] ?? []
        #expect(
            decoded.subtracting(documented).isEmpty, "undocumented in \(section): \(decoded.subtracting(documented))")
        #expect(documented.subtracting(decoded).isEmpty, "documented, not read: \(documented.subtracting(decoded))")
    }
}

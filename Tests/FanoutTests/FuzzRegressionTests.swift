import FanoutConfig
import FanoutCore
import FanoutFormats
import FanoutProtocol
import Foundation
import Testing

/// Every input in Tests/Fuzz (the fuzzers' seeds, and each input that once broke a reader), replayed through
/// the same checks the fuzzers make: `Tests/Fuzz/run.sh` finds them, these keep them fixed.
@Suite struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static func inputs(_ target: String) -> [URL] {
        ["Seeds", "Regressions"].flatMap { kind -> [URL] in
            let directory = root.appendingPathComponent(kind).appendingPathComponent(target)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
        }
    }

    @Test func protocolLinesDecodeOrAreRejectedAndRoundTrip() throws {
        let inputs = Self.inputs("protocol")
        #expect(!inputs.isEmpty)
        for input in inputs {
            let line = [UInt8](try Data(contentsOf: input))
            if let message = try? JSONLines.decode(ControllerMessage.self, from: line) {
                let again = try JSONLines.decode(
                    ControllerMessage.self, from: Array(try JSONLines.encode(message).dropLast()))
                #expect(again == message, "\(input.lastPathComponent)")
            }
            if let message = try? JSONLines.decode(AgentMessage.self, from: line) {
                let again = try JSONLines.decode(
                    AgentMessage.self, from: Array(try JSONLines.encode(message).dropLast()))
                #expect(again == message, "\(input.lastPathComponent)")
            }
        }
    }

    @Test func xmlParsesOrFailsWithAnError() throws {
        let inputs = Self.inputs("xml")
        #expect(!inputs.isEmpty)
        for input in inputs {
            if let root = try? MiniXMLParser.parse([UInt8](try Data(contentsOf: input))) {
                _ = JUnitCase.cases(in: root)
            }
        }
    }

    @Test func configTextParsesOrFailsWithAConfigError() throws {
        let inputs = Self.inputs("config")
        #expect(!inputs.isEmpty)
        for input in inputs {
            let text = String(decoding: try Data(contentsOf: input), as: UTF8.self)
            if let table = try? TOMLParser.parse(text, file: "fuzz.toml") {
                _ = try? SettingsDecoder(file: "fuzz.toml", tableName: "fanout.toml").decode(table)
            }
            _ = IniFile(parsing: text)
        }
    }
}

import FanoutFormats
import Foundation
import Testing

/// Fanout's TOML reader against Python's `tomllib` on the same documents: 50 real pyproject.toml files and
/// generated ones (valid, and mutated into mostly invalid), which both must accept with equal values or both
/// refuse (Tests/Conformance/toml_corpus.py makes the corpus and asks tomllib).
@Suite struct TOMLDifferentialTests {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    struct Document: Decodable {
        var name: String
        var text: String
        var beyond64Bits: Bool
    }

    @Test func readsEveryDocumentAsTomllibDoes() throws {
        let corpus = try Self.corpus()
        #expect(corpus.count == 50 + 2 * 1500)
        var differences: [String] = []
        for (document, expected) in corpus {
            if document.beyond64Bits {
                #expect(throws: ConfigError.self, "\(document.name) has an integer beyond 64 bits") {
                    try TOMLParser.parse(document.text, file: document.name)
                }
                continue
            }
            let parsed = try? TOMLParser.parse(document.text, file: document.name)
            switch (parsed, expected) {
            case (nil, nil): continue
            case (let table?, let expected?) where Self.matches(.table(table), expected): continue
            case (nil, _?): differences.append("\(document.name): refused, tomllib reads it")
            case (_?, nil): differences.append("\(document.name): read, tomllib refuses it")
            case (_?, _?): differences.append("\(document.name): values differ")
            }
        }
        #expect(differences.isEmpty, "\(differences.count) differences: \(differences.prefix(20))")
    }

    static func corpus() throws -> [(Document, Any?)] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", tests.appendingPathComponent("Conformance/toml_corpus.py").path, "--real",
            tests.appendingPathComponent("Fixtures/toml-corpus").path, "--generated", "1500", "--seed", "2026",
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let documents = try JSONDecoder().decode([Document].self, from: data)
        let expected = (try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []).map {
            $0["expected"] is NSNull ? nil : $0["expected"]
        }
        return Array(zip(documents, expected))
    }

    /// Whether `value` is what tomllib's canonical form `expected` says.
    static func matches(_ value: TOMLValue, _ expected: Any?) -> Bool {
        switch value {
        case .table(let table):
            guard let expected = expected as? [String: Any], Set(expected.keys) == Set(table.keys) else { return false }
            return table.keys.allSatisfy { matches(table[$0]!.value, expected[$0]) }
        case .array(let items):
            guard let expected = expected as? [Any], expected.count == items.count else { return false }
            return zip(items, expected).allSatisfy { matches($0.value, $1) }
        default:
            guard let expected = expected as? [String: Any], expected.count == 1 else { return false }
            return scalarMatches(value, expected)
        }
    }

    static func scalarMatches(_ value: TOMLValue, _ expected: [String: Any]) -> Bool {
        switch value {
        case .string(let text): return expected["string"] as? String == text
        case .integer(let number): return expected["integer"] as? String == String(number)
        case .boolean(let flag): return expected["bool"] as? Bool == flag
        case .datetime: return expected["datetime"] as? Bool == true
        case .float(let number):
            guard let text = expected["float"] as? String else { return false }
            if text == "nan" { return number.isNaN }
            return Double(text) == number
        default: return false
        }
    }
}

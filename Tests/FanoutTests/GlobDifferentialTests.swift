import FanoutCore
import Foundation
import Testing

/// `GlobPattern`'s fnmatch mode against Python's `fnmatch` on 6,000 generated pattern/name pairs
/// (Tests/Conformance/fnmatch_corpus.py): pytest and unittest select files with Python's fnmatch, so Fanout's
/// discovery must answer exactly as it does. fnmatch(3) could not serve: glibc's negates `[^a]`, matches bytes in
/// the C locale, and has no `**` for the path mode.
@Suite struct GlobDifferentialTests {
    struct Case: Decodable {
        var pattern: String
        var name: String
        var matches: Bool
    }

    @Test func fnmatchModeAnswersAsPythonsFnmatch() throws {
        let cases = try Self.corpus()
        #expect(cases.count == 6000)
        #expect(cases.filter(\.matches).count > 600, "the corpus should hold many matches, not only misses")
        let differences = cases.filter { GlobPattern($0.pattern, mode: .fnmatch).matches($0.name) != $0.matches }
        #expect(
            differences.isEmpty,
            "\(differences.count) differences: \(differences.prefix(20).map { "\($0.pattern) ~ \($0.name): \($0.matches)" })"
        )
    }

    static func corpus() throws -> [Case] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Conformance/fnmatch_corpus.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--count", "6000", "--seed", "2026"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode([Case].self, from: data)
    }
}

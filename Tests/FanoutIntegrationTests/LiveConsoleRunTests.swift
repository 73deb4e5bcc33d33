import FanoutCore
import FanoutReport
import Foundation
import Testing

/// The console of a real run on a terminal (a pseudo-terminal from `script`) and in a pipe.
@Suite(.serialized) struct LiveConsoleRunTests {
    /// `fanout ARGUMENTS` on a 100-column pseudo-terminal: everything it wrote, and its exit code. NO_COLOR is
    /// unset first (`swift test` sets it for its tests); `environment` adds `NAME=value` words.
    func onATerminal(_ arguments: [String], environment: String = "") throws -> Harness.Result {
        let command = ([Harness.fanoutPath] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let line = "stty cols 100; env -u NO_COLOR \(environment) \(command)"
        return try Harness.run("/usr/bin/script", ["-qec", line, "/dev/null"])
    }

    @Test func onATerminalTheStatusIsRedrawnInPlaceWithTheOutcomesOfAPlainRun() throws {
        let suite = try Harness.copyOfSuite("Examples/python-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let live = try onATerminal(["run", suite, "-n", "2", "--json", suite + "/live.json"])
        #expect(live.exitCode == 1, "\(live.stdout)")
        #expect(live.stdout.contains("\u{1B}[J"), "the status block is erased and redrawn")
        #expect(live.stdout.contains("/7 files  "), "\(live.stdout)")
        #expect(live.stdout.contains("  local  s1 "), "a line for the host's slots")
        #expect(live.stdout.contains("\u{1B}[31m"), "colour on a terminal")
        // The summary is the last thing written, with no status after it.
        let tail = live.stdout.components(separatedBy: "short test summary info").last ?? ""
        #expect(!tail.contains(" files  "), "\(tail)")
        let plain = try Harness.fanout(["run", suite, "-n", "2", "--json", suite + "/plain.json"])
        #expect(plain.exitCode == 1)
        #expect(!plain.stdout.contains("\u{1B}["), "a pipe gets plain lines, never cursor codes or colour")
        let outcomes = { (path: String) in
            try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: path))).tests.map {
                "\($0.id) \($0.outcome)"
            }
            .sorted()
        }
        #expect(try outcomes(suite + "/live.json") == outcomes(suite + "/plain.json"))
    }

    @Test func noColorKeepsTheStatusButDropsTheColourAndQuietDropsTheFileLines() throws {
        let suite = try Harness.copyOfSuite("Examples/python-suite")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let live = try onATerminal(["run", suite, "-n", "2", "-q"], environment: "NO_COLOR=1")
        #expect(live.exitCode == 1, "\(live.stdout)")
        #expect(live.stdout.contains("\u{1B}[J"))
        #expect(!live.stdout.contains("\u{1B}[31m"), "NO_COLOR: no colour")
        #expect(!live.stdout.contains("[1/7]"), "-q: no line per file")
        #expect(live.stdout.contains("FAILED tests/test_params.py::test_sums[5-5-11]"))
        let both = try Harness.fanout(["run", suite, "-q", "-v"])
        #expect(both.exitCode == 4)
        #expect(both.stderr.contains("-q and -v do not mix"), "\(both.stderr)")
    }
}

import FanoutCore
import FanoutReport
import Foundation
import Testing

/// Bad and hostile input on the embedded local default: contained, reported clearly, nothing lost.
@Suite(.serialized) struct HostileInputTests {
    func report(_ path: String) throws -> RunReport {
        try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func testIDsFullOfShellMetacharactersRunAsSlicesAndComeBackUnchanged() throws {
        let suite = try Harness.emptyDirectory()
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let expected = try HostileSuite.write(into: suite)
        #expect(expected.count == 40)
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--split", "test_hostile_ids.py", "--json", json])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        let tests = try report(json).tests
        #expect(tests.map(\.id).sorted() == expected.sorted())
        #expect(tests.allSatisfy { $0.outcome == .passed })
        #expect(Set(tests.compactMap(\.worker)).count == 2, "the file ran as slices on both slots")
        #expect(!FileManager.default.fileExists(atPath: suite + "/PWNED"))
    }

    @Test func outputThatIsNotUTF8OrGigabytesLongIsKeptBoundedAndNothingIsLost() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/hostile")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "1", "--json", json])
        #expect(run.exitCode == 1, "\(run.stderr)")
        let report = try report(json)
        let byID = Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0) })
        #expect(
            byID.mapValues(\.outcome) == [
                "test_binary_output.py::test_fails_after_printing_bytes_that_are_not_utf8": .failed,
                "test_flood.py::test_a_captured_flood_fails": .failed,
                "test_flood.py::test_floods_its_output_then_aborts": .error,
                "test_flood.py::test_after_the_flood": .passed,
            ])
        let binary = byID["test_binary_output.py::test_fails_after_printing_bytes_that_are_not_utf8"]
        #expect(binary?.stdout?.contains("before \u{FFFD}\u{FFFD}\u{FFFD}( after") == true, "\(binary?.stdout ?? "")")
        let captured = byID["test_flood.py::test_a_captured_flood_fails"]
        #expect((captured?.stdout?.count ?? .max) < 70_000)
        #expect(captured?.stdout?.contains("characters cut by fanout") == true)
        #expect(captured?.stdout?.hasSuffix("END-OF-CAPTURED-FLOOD\n") == true)
        let flood = byID["test_flood.py::test_floods_its_output_then_aborts"]
        #expect(flood?.message?.contains("SIGABRT") == true, "\(flood?.message ?? "")")
        #expect(flood?.details?.contains("END-OF-FLOOD") == true)
        #expect((flood?.details?.utf8.count ?? .max) < 100_000)
        let size = try FileManager.default.attributesOfItem(atPath: json)[.size] as? Int ?? .max
        #expect(size < 1_000_000, "the report holds bounded output, not the gigabyte")
    }

    @Test func aCorruptHistoryIsIgnoredWithANoticeAndRewritten() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/crash")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        try FileManager.default.createDirectory(atPath: suite + "/.fanout", withIntermediateDirectories: true)
        let history = suite + "/.fanout/history.json"
        try Data([0x7B, 0xFF, 0x00, 0x22, 0x76]).write(to: URL(fileURLWithPath: history))
        let run = try Harness.fanout(["run", suite, "-n", "1"])
        #expect(run.exitCode == 1)
        #expect(run.stdout.contains("ignored unreadable history \(history)"), "\(run.stdout)")
        #expect(run.stdout.contains("5 tests") || run.stdout.contains("1 error"), "\(run.stdout)")
        let rewritten = try Data(contentsOf: URL(fileURLWithPath: history))
        #expect((try? JSONSerialization.jsonObject(with: rewritten)) != nil)
    }

    @Test func anAgentOfAnotherVersionIsRefusedWithWhatToDo() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/crash")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let fake = suite + "/old-agent.sh"
        try """
        #!/bin/sh
        printf 'a line that is no message \\377\\376\\n'
        printf '{"type":"hello","hello":{"protocolVersion":999,"agentVersion":"9.9.9","hostname":"x","cpuCount":2,"pid":1}}\\n'
        exec cat >/dev/null
        """.write(toFile: fake, atomically: true, encoding: .utf8)
        chmod(fake, 0o755)
        let started = Date()
        let run = try Harness.fanout(["run", suite], environment: ["FANOUT_AGENT_PATH": fake])
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(run.exitCode == 3)
        #expect(
            run.stdout.contains(
                "host local unavailable: its agent 9.9.9 speaks protocol 999 but this controller"), "\(run.stdout)")
        #expect(run.stdout.contains("install matching versions"))
        #expect(run.stdout.contains("sent a line that is not a protocol message"))
    }

    @Test func randomBytesOnTheAgentsInputAreWarnedAboutAndItStillObeys() throws {
        let agent = (Harness.fanoutPath as NSString).deletingLastPathComponent + "/fanout-agent"
        var random = SystemRandomNumberGenerator()
        var input = Data()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 1...300, using: &random)).map { _ in UInt8.random(in: 0...255) }
            input.append(contentsOf: [0xFF] + bytes.filter { $0 != 0x0A } + [0x0A])
        }
        input.append(Data(#"{"type":"cancel"}"#.utf8 + [0x0A]))
        input.append(Data(#"{"type":"shutdown"}"#.utf8 + [0x0A]))
        let result = try Harness.run(agent, [], input: input)
        #expect(result.exitCode == 0, "it obeyed the shutdown after the garbage: \(result.stderr)")
        let output = result.stdout
        #expect(output.contains(#""type":"hello""#))
        let warnings = output.split(separator: "\n").filter {
            $0.contains("ignored a message the agent could not read")
        }
        #expect(warnings.count == 200)
    }

    @Test func aRunListensOnNoPortAndLeavesNothingOutsideItsWorkspaceAndCache() throws {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/timeout")
        let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fanout-sandbox-\(UUID().uuidString.prefix(8))"
        ).path
        defer {
            try? FileManager.default.removeItem(atPath: suite)
            try? FileManager.default.removeItem(atPath: sandbox)
        }
        for directory in ["home", "tmp"] {
            try FileManager.default.createDirectory(
                atPath: sandbox + "/" + directory, withIntermediateDirectories: true)
        }
        let running = try Harness.start(
            Harness.fanoutPath, ["run", suite, "-n", "2", "--timeout", "3"],
            environment: ["HOME": sandbox + "/home", "TMPDIR": sandbox + "/tmp", "XDG_CACHE_HOME": ""])
        var listening: [String] = []
        var sawTests = false
        while running.process.isRunning {
            let tree = ProcessTree.descendants(of: running.process.processIdentifier)
            sawTests = sawTests || tree.count >= 3
            listening += ProcessTree.listeningSockets(of: tree)
            usleep(100_000)
        }
        let result = Harness.finish(running)
        #expect(result.exitCode == 1, "\(result.stdout)\(result.stderr)")
        #expect(sawTests, "the run's processes were seen")
        #expect(listening.isEmpty, "listening sockets: \(listening)")
        let enumerator = FileManager.default.enumerator(atPath: sandbox)
        var left: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path != "home" && path != "tmp" && !path.hasPrefix("home/.cache") { left.append(path) }
        }
        #expect(left.isEmpty, "written outside the workspace and cache: \(left)")
    }
}

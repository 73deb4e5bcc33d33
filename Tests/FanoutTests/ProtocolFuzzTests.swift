import FanoutAdapters
import FanoutCore
import FanoutPosix
import FanoutProtocol
import Foundation
import Testing

@testable import FanoutController

/// Random bytes and random messages through every decoder that reads what another process wrote: the
/// controller's reader of agent output, the agent's reader of controller messages, and the adapters' readers
/// of test-process events. Nothing may crash, and every message and test id must come out as it went in.
@Suite struct ProtocolFuzzTests {
    static let seeds: [UInt64] = [1, 2, 3, 42, 2026]

    func randomResult(_ random: inout SeededRandom) -> TestResult {
        TestResult(
            id: random.hostileString(), scope: random.hostileString(maxPieces: 3),
            outcome: Outcome.allCases.randomElement(using: &random)!,
            duration: Double(Int.random(in: 0...100_000, using: &random)) / 1000,
            startedAt: Bool.random(using: &random) ? Double(Int.random(in: 0...1 << 40, using: &random)) / 64 : nil,
            message: Bool.random(using: &random) ? random.hostileString(maxPieces: 20) : nil,
            details: Bool.random(using: &random) ? random.hostileString(maxPieces: 40) : nil,
            worker: WorkerID(host: "h" + String(Int.random(in: 1...9, using: &random)), slot: 1), batch: 3)
    }

    func randomAgentMessage(_ random: inout SeededRandom) -> AgentMessage {
        switch Int.random(in: 0..<7, using: &random) {
        case 0:
            .hello(
                AgentHello(
                    agentVersion: random.hostileString(maxPieces: 2), hostname: random.hostileString(maxPieces: 2),
                    cpuCount: Int.random(in: 1...512, using: &random), pid: Int32.random(in: 1...99999, using: &random))
            )
        case 1: .ready(slot: Int.random(in: 1...64, using: &random))
        case 2:
            .testStarted(
                batch: Int.random(in: 1...9999, using: &random), slot: 1, testID: random.hostileString(),
                scope: random.hostileString(maxPieces: 3), at: Double(Int.random(in: 0...99999, using: &random)))
        case 3: .testFinished(randomResult(&random))
        case 4:
            .batchDone(
                BatchCompletion(
                    batchID: Int.random(in: 1...9999, using: &random), worker: WorkerID(host: "h-1", slot: 2),
                    startedAt: 1, wall: 0.5, exitCode: Bool.random(using: &random) ? 1 : nil,
                    signal: Bool.random(using: &random) ? 9 : nil, cancelled: Bool.random(using: &random),
                    incomplete: [random.hostileString(maxPieces: 3)]))
        case 5: .log(level: .warning, message: random.hostileString(maxPieces: 30))
        default: .heartbeat(at: Double(Int.random(in: 0...99999, using: &random)))
        }
    }

    func randomControllerMessage(_ random: inout SeededRandom) -> ControllerMessage {
        switch Int.random(in: 0..<5, using: &random) {
        case 0:
            .hello(
                ControllerHello(
                    runID: random.hostileString(maxPieces: 2), host: "h1", slots: 2, totalSlots: 6, firstGlobalSlot: 0,
                    workspace: "/w/" + random.hostileString(maxPieces: 3),
                    adapter: AdapterSpec(
                        name: "pytest", executable: "python3",
                        frameworkArgs: (0..<3).map { _ in random.hostileString(maxPieces: 3) })))
        case 1:
            .batch(
                slot: Int.random(in: 1...8, using: &random),
                batch: Batch(
                    id: Int.random(in: 1...9999, using: &random), scopes: ["a.py", random.hostileString()],
                    slices: ["a.py": (0..<3).map { _ in random.hostileString() }],
                    deselected: [random.hostileString(): [random.hostileString()]], expectedSeconds: 1.5))
        case 2: .cancel
        case 3:
            .cancelBatch(slot: Int.random(in: 1...8, using: &random), batchID: Int.random(in: 1...9999, using: &random))
        default: .shutdown
        }
    }

    /// A valid line with some bytes flipped, inserted, removed or cut off.
    func mutated(_ line: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var bytes = line
        for _ in 0..<Int.random(in: 1...4, using: &random) where !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
            case 1: bytes.insert(UInt8.random(in: 0...255, using: &random), at: at)
            case 2: bytes.remove(at: at)
            default: bytes = Array(bytes[..<at])
            }
        }
        return bytes
    }

    @Test(arguments: seeds) func agentMessagesSurviveAnyChunkingOfTheStream(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let messages = (0..<300).map { _ in randomAgentMessage(&random) }
        var stream: [UInt8] = []
        for message in messages { stream += try JSONLines.encode(message) }
        let mailbox = Mailbox<ControllerInput>()
        let reader = AgentStreamReader(host: "h1", mailbox: mailbox)
        var offset = 0
        while offset < stream.count {
            let length = min(stream.count - offset, Int.random(in: 1...700, using: &random))
            reader.consume(Array(stream[offset..<offset + length]))
            offset += length
        }
        reader.finish(detail: "end")
        var received: [AgentMessage] = []
        while let input = mailbox.take(timeout: 0) {
            if case .message(_, let message) = input { received.append(message) }
            if case .unreadable(_, let line, let error) = input { Issue.record("unreadable: \(error) \(line)") }
        }
        #expect(received == messages)
    }

    @Test(arguments: seeds) func garbageBetweenMessagesIsReportedAndTheMessagesStillArrive(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let mailbox = Mailbox<ControllerInput>()
        let reader = AgentStreamReader(host: "h1", mailbox: mailbox)
        var sent: [AgentMessage] = []
        var garbageLines = 0
        for _ in 0..<200 {
            if Bool.random(using: &random) {
                let message = randomAgentMessage(&random)
                sent.append(message)
                reader.consume(try JSONLines.encode(message))
            } else {
                // A byte that cannot start JSON, then anything but a newline.
                let garbage = [0xFF] + random.bytes(upTo: 300).filter { $0 != UInt8(ascii: "\n") }
                reader.consume(garbage + [UInt8(ascii: "\n")])
                garbageLines += 1
            }
        }
        reader.finish(detail: "end")
        var received: [AgentMessage] = []
        var unreadable = 0
        while let input = mailbox.take(timeout: 0) {
            switch input {
            case .message(_, let message): received.append(message)
            case .unreadable: unreadable += 1
            default: break
            }
        }
        #expect(received == sent)
        #expect(unreadable == garbageLines)
    }

    @Test(arguments: seeds) func controllerMessagesRoundTripAndBrokenOnesAreRejectedWithoutACrash(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        for _ in 0..<300 {
            let message = randomControllerMessage(&random)
            let line = Array(try JSONLines.encode(message).dropLast())
            #expect(try JSONLines.decode(ControllerMessage.self, from: line) == message)
            _ = try? JSONLines.decode(ControllerMessage.self, from: mutated(line, &random))
            _ = try? JSONLines.decode(ControllerMessage.self, from: random.bytes(upTo: 400))
            let agentLine = Array(try JSONLines.encode(randomAgentMessage(&random)).dropLast())
            let broken = mutated(agentLine, &random)
            // The controller's fast reader of results and JSONDecoder agree on every broken line too.
            #expect(
                (try? AgentMessage.decode(line: broken)) == (try? JSONLines.decode(AgentMessage.self, from: broken)))
        }
    }

    /// Python's `json.dumps` (what the plugins write): every non-ASCII character as a `\u` escape, characters
    /// outside the Basic Multilingual Plane as surrogate pairs.
    func pythonJSONString(_ text: String) -> String {
        var out = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(unit)!)
            default: out += String(format: "\\u%04x", unit)
            }
        }
        return out + "\""
    }

    @Test(arguments: seeds) func randomTestIDsRoundTripThroughThePythonAdaptersEvents(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let batch = Batch(id: 1, scopes: ["a.py"], expectedSeconds: 1)
        for name in ["pytest", "unittest", "django"] {
            let runner = try #require(Frameworks.named(name)).runner()
            for _ in 0..<200 {
                let id = random.hostileString(maxPieces: 12)
                let scope = random.hostileString(maxPieces: 3)
                let start =
                    #"{"event": "start", "id": \#(pythonJSONString(id)), "scope": \#(pythonJSONString(scope)), "at": 12.5}"#
                guard
                    case .started(let startedID, let startedScope, _) = runner.decode(
                        line: Array(start.utf8), batch: batch)
                else {
                    Issue.record("\(name) did not read \(start)")
                    continue
                }
                #expect(startedID == id)
                #expect(startedScope == scope)
                let finish =
                    #"{"event": "finish", "id": \#(pythonJSONString(id)), "scope": "a.py", "outcome": "failed", "#
                    + #""duration": 0.5, "at": 1.0, "message": \#(pythonJSONString(id)), "details": null}"#
                guard case .finished(let result) = runner.decode(line: Array(finish.utf8), batch: batch) else {
                    Issue.record("\(name) did not read \(finish)")
                    continue
                }
                #expect(result.id == id)
                #expect(result.message == id)
                #expect(result.outcome == .failed)
                _ = runner.decode(line: mutated(Array(finish.utf8), &random), batch: batch)
                _ = runner.decode(line: random.bytes(upTo: 300), batch: batch)
            }
        }
    }

    @Test(arguments: seeds) func randomBytesNeverCrashTheSwiftAndCommandReaders(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let batch = Batch(id: 1, scopes: ["Mod.Suite"], expectedSeconds: 1)
        let swift = try #require(Frameworks.named("swift")).runner()
        let prefixes = ["Test Case '-[", "Test Case 'Mod.Suite/", "Test Suite '", "/tmp/x.swift:3: error: ", ""]
        for _ in 0..<2000 {
            let prefix = prefixes.randomElement(using: &random)!
            _ = swift.decode(line: Array(prefix.utf8) + random.bytes(upTo: 200), batch: batch)
            _ = swift.decode(line: Array((prefix + random.hostileString(maxPieces: 10)).utf8), batch: batch)
            _ = try? MiniXMLParser.parse(Array("<testsuite><testcase name=\"".utf8) + random.bytes(upTo: 200))
        }
    }
}

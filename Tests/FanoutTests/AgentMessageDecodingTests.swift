import FanoutCore
import Foundation
import Testing

@testable import FanoutProtocol

/// The fast reader of `testFinished` lines decodes every line exactly as `JSONDecoder` does: whatever it takes,
/// it takes alike, and whatever it does not, `JSONDecoder` reads (or rejects) as before.
@Suite struct AgentMessageDecodingTests {
    /// What `JSONDecoder` makes of `line`, or nil when it throws.
    func reference(_ line: [UInt8]) -> AgentMessage? {
        try? JSONDecoder().decode(AgentMessage.self, from: Data(line))
    }

    func randomResult(_ random: inout SeededRandom) -> TestResult {
        var result = TestResult(
            id: random.hostileString(), scope: random.hostileString(maxPieces: 3),
            outcome: Outcome.allCases.randomElement(using: &random)!,
            duration: [0, 1e-9, 0.1, 3, 1e300, Double.random(in: 0...1000, using: &random)].randomElement(
                using: &random)!,
            startedAt: Bool.random(using: &random) ? Double.random(in: 1e9...2e9, using: &random) : nil,
            message: Bool.random(using: &random) ? random.hostileString(maxPieces: 20) : nil,
            details: Bool.random(using: &random) ? random.hostileString(maxPieces: 40) : nil,
            stdout: Bool.random(using: &random) ? random.hostileString(maxPieces: 5) : nil,
            stderr: Bool.random(using: &random) ? random.hostileString(maxPieces: 5) : nil,
            worker: Bool.random(using: &random)
                ? WorkerID(host: random.hostileString(maxPieces: 2, allowControl: false), slot: 3) : nil,
            batch: Bool.random(using: &random) ? Int.random(in: -5...1 << 40, using: &random) : nil)
        if Bool.random(using: &random) { result.endedItsProcess = Bool.random(using: &random) }
        if Bool.random(using: &random) { result.failureCount = Int.random(in: 1...40, using: &random) }
        if Bool.random(using: &random) { result.neverRan = Bool.random(using: &random) }
        return result
    }

    /// A field the scanner does not know would be dropped silently: every field of a result, set, survives.
    @Test func everyFieldOfAResultSurvivesTheFastPath() throws {
        var result = TestResult(
            id: "a", scope: "s", outcome: .failed, duration: 1, startedAt: 2, message: "m", details: "d", stdout: "o",
            stderr: "e", worker: WorkerID(host: "h", slot: 1), batch: 3)
        (result.endedItsProcess, result.failureCount, result.neverRan) = (true, 4, false)
        let unset = Mirror(reflecting: result).children.filter { child in
            let value = Mirror(reflecting: child.value)
            return value.displayStyle == .optional && value.children.isEmpty && child.label != "previousAttempts"
        }
        #expect(unset.isEmpty, "set \(unset.compactMap(\.label)) here too")
        let line = Array(try JSONLines.encode(AgentMessage.testFinished(result)).dropLast())
        #expect(AgentMessage.fastTestFinished(line) == result)
    }

    @Test(arguments: [1, 2, 3, 42, 2026] as [UInt64])
    func everyResultTheAgentWritesIsReadFastAndAlike(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        for _ in 0..<500 {
            let message = AgentMessage.testFinished(randomResult(&random))
            let line = Array(try JSONLines.encode(message).dropLast())
            let fast = AgentMessage.fastTestFinished(line)
            #expect(fast != nil, "\(String(decoding: line, as: UTF8.self))")
            #expect(fast.map(AgentMessage.testFinished) == reference(line))
            #expect(try AgentMessage.decode(line: line) == message)
        }
    }

    @Test(arguments: [
        #"{"result":{"id":"a\u00e9\ud83d\ude00\n\/","scope":"s","outcome":"passed","duration":1E2},"type":"testFinished"}"#,
        #"{"result":{ "id" : "a", "scope" : "s", "outcome" : "failed", "duration" : -0.5e-3, "message" : null } , "type" : "testFinished" }"#,
        #"{"result":{"id":"a","scope":"s","outcome":"passed","duration":0,"future":[1,{"x":true}]},"type":"testFinished"}"#,
        #"{"result":{"id":"a","scope":"s","outcome":"passed","duration":0,"worker":"h-1-s2","batch":7},"type":"testFinished"}"#,
    ])
    func handWrittenLinesTheScannerTakesDecodeAlike(text: String) throws {
        let line = Array(text.utf8)
        let fast = try #require(AgentMessage.fastTestFinished(line))
        #expect(AgentMessage.testFinished(fast) == reference(line))
    }

    @Test(arguments: [
        #"{"result":{"id":"a","id":"b","scope":"s","outcome":"passed","duration":0},"type":"testFinished"}"#,
        #"{"result":{"id":"a","scope":"s","outcome":"passed","duration":01},"type":"testFinished"}"#,
        #"{"result":{"id":"a","scope":"s","outcome":"passed","duration":1e999},"type":"testFinished"}"#,
        #"{"result":{"id":"a","scope":"s","outcome":"passed","duration":0,"batch":3.0},"type":"testFinished"}"#,
        #"{"result":{"id":"\ud800","scope":"s","outcome":"passed","duration":0},"type":"testFinished"}"#,
        #"{"result":{"id":"a","scope":"s","outcome":"gone","duration":0},"type":"testFinished"}"#,
        #"{"result":{"id":"a","scope":"s","outcome":"passed","duration":0,"worker":"nope"},"type":"testFinished"}"#,
        #"{"result":{"id":"a","scope":"s","outcome":"passed","duration":0,"previousAttempts":[]},"type":"testFinished"}"#,
        #"{"result":{"id":"a","scope":"s","outcome":"passed","duration":0},"type":"testFinished"} x"#,
        #"{"result":{"id":"a","scope":"s","outcome":"passed"},"type":"testFinished"}"#,
        #"{"result":{"id":"a","scope":"s","outcome":"passed","duration":0},"type":"testStarted"}"#,
        // Not written the way the agent writes (sorted keys, no spaces): not worth scanning.
        #"{ "result":{"id":"a","scope":"s","outcome":"passed","duration":0},"type":"testFinished"}"#,
    ])
    func linesTheScannerLeavesAreReadByJSONDecoderAsBefore(text: String) {
        let line = Array(text.utf8)
        #expect(AgentMessage.fastTestFinished(line) == nil)
        #expect((try? AgentMessage.decode(line: line)) == reference(line))
    }

    @Test func invalidUTF8AndControlCharactersAreNeverTakenFast() {
        let prefix = Array(#"{"result":{"id":""#.utf8)
        let suffix = Array(#"","scope":"s","outcome":"passed","duration":0},"type":"testFinished"}"#.utf8)
        for inner in [[0xFF], [0xC3], [0x01], [0xED, 0xA0, 0x80]] as [[UInt8]] {
            let line = prefix + inner + suffix
            #expect(AgentMessage.fastTestFinished(line) == nil)
            #expect((try? AgentMessage.decode(line: line)) == reference(line))
        }
    }
}

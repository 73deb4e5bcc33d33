import FanoutCore
import FoundationEssentials

/// Reads Swift Testing's JSON event stream (version 0: one record per line, written as tests run when
/// `swift test` gets `--experimental-event-stream-output`), so Swift Testing tests report as they end, can time
/// out one by one, and a crash is pinned on the tests that were running:
///
///     {"kind":"event","payload":{"kind":"testStarted","testID":"Mod.Suite/adds()/File.swift:6:6",...},...}
///     {"kind":"event","payload":{"kind":"issueRecorded","testID":...,"issue":{"isKnown":false,...},
///         "messages":[{"symbol":"fail","text":"Expectation failed: ..."}],"_sourceLocation":{...}},...}
///     {"kind":"event","payload":{"kind":"testEnded","testID":...,"messages":[{"symbol":"fail",...}]},...}
///
/// Ids are `swift test list`'s: the event's test id without its trailing source location. Suites' own events
/// and every other record are left out.
enum SwiftTestingEvents {
    static func decode(_ line: [UInt8]) -> AdapterEvent? {
        guard let json = record(in: line), let record = try? JSONDecoder().decode(Record.self, from: Data(json)),
            record.kind == "event",
            let payload = record.payload, let rawID = payload.testID, let id = testID(rawID)
        else { return nil }
        let scope = SwiftTestIDs.scope(of: id)
        let message = payload.messages?.first
        switch payload.kind {
        case "testStarted":
            return .started(testID: id, scope: scope, at: payload.instant?.since1970 ?? Date().timeIntervalSince1970)
        case "issueRecorded":
            guard payload.issue?.isKnown != true, let text = message?.text else { return nil }
            let location = payload.issue?.sourceLocation ?? payload.sourceLocation
            return .note(testID: id, text: text + (location.map { " (\($0.fileID):\($0.line))" } ?? ""))
        case "testSkipped":
            return .finished(
                TestResult(id: id, scope: scope, outcome: .skipped, duration: 0, message: message?.text))
        case "testEnded":
            let outcome: Outcome = message?.symbol == "fail" ? .failed : .passed
            return .finished(
                TestResult(id: id, scope: scope, outcome: outcome, duration: seconds(in: message?.text ?? "")))
        default:
            return nil
        }
    }

    /// The record in `line`: the object from `{"kind":` to its closing brace. The record and its newline are
    /// two writes, and Swift Testing's console output shares stdout, so a console line can come between them.
    static func record(in line: [UInt8]) -> ArraySlice<UInt8>? {
        let marker = Array(#"{"kind":"#.utf8)
        guard line.count >= marker.count,
            let start = (0...(line.count - marker.count)).first(where: {
                line[$0..<$0 + marker.count].elementsEqual(marker)
            })
        else { return nil }
        var depth = 0
        var inString = false
        var escaped = false
        for index in start..<line.count {
            let byte = line[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{") {
                depth += 1
            } else if byte == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 { return line[start...index] }
            }
        }
        return nil
    }

    /// `Mod.Suite/test()/File.swift:6:6` as `Mod.Suite/test()`; nil for a suite (no function in the id).
    static func testID(_ raw: String) -> String? {
        var id = raw
        if let slash = raw.lastIndex(of: "/") {
            let tail = raw[raw.index(after: slash)...]
            let parts = tail.split(separator: ":")
            if parts.count == 3, parts[0].hasSuffix(".swift"), Int(parts[1]) != nil, Int(parts[2]) != nil {
                id = String(raw[..<slash])
            }
        }
        let last = id.split(separator: "/").last ?? Substring(id)
        return last.contains("(") ? id : nil
    }

    /// The seconds in `Test adds() passed after 0.001 seconds.`
    static func seconds(in text: String) -> Double {
        guard let after = text.firstRange(of: " after ") else { return 0 }
        return Double(text[after.upperBound...].prefix { $0.isNumber || $0 == "." }) ?? 0
    }

    private struct Record: Decodable {
        var kind: String
        var payload: Payload?
    }

    private struct Payload: Decodable {
        var kind: String
        var testID: String?
        var instant: Instant?
        var messages: [Message]?
        var issue: Issue?
        var sourceLocation: Location?

        enum CodingKeys: String, CodingKey {
            case kind, testID, instant, messages, issue
            case sourceLocation = "_sourceLocation"
        }
    }

    private struct Instant: Decodable { var since1970: Double }
    private struct Message: Decodable {
        var symbol: String
        var text: String
    }
    private struct Issue: Decodable {
        var isKnown: Bool?
        var sourceLocation: Location?
    }
    private struct Location: Decodable {
        var fileID: String
        var line: Int
    }
}

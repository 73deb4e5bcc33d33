import FanoutCore

/// Reading agent lines: `testFinished`, one per test and most of what a controller reads, through `JSONScanner`
/// (a third of a large run's controller CPU went to `JSONDecoder` for it); every other line, and any result
/// the scanner does not take whole, through `JSONDecoder`, so both paths decode a line alike.
extension AgentMessage {
    /// Decodes one line (without its newline).
    public static func decode(line: [UInt8]) throws -> AgentMessage {
        if let result = fastTestFinished(line) { return .testFinished(result) }
        return try JSONLines.decode(AgentMessage.self, from: line)
    }

    /// `{"type":"testFinished","result":{...}}` read by the scanner, nil for anything else.
    static func fastTestFinished(_ line: [UInt8]) -> TestResult? {
        // Only a line that starts as the agent writes one (sorted keys) is worth scanning.
        guard line.count > 11, line[0] == UInt8(ascii: "{"), line[2] == UInt8(ascii: "r"),
            case .object(let message)? = JSONScanner.parse(line), message.count == 2,
            message["type"] == .string("testFinished"), case .object(let fields)? = message["result"]
        else { return nil }
        return testResult(fields)
    }

    /// A `TestResult` as its synthesized `Decodable` makes it: required fields present, optional ones absent or
    /// null, unknown keys ignored; nil where that decoder would throw, or for earlier attempts (left to it).
    private static func testResult(_ fields: [String: JSONScanner.Value]) -> TestResult? {
        guard fields["previousAttempts"] == nil || fields["previousAttempts"] == .null,
            case .string(let id)? = fields["id"], case .string(let scope)? = fields["scope"],
            case .string(let outcomeName)? = fields["outcome"], let outcome = Outcome(rawValue: outcomeName),
            let duration = double(fields["duration"]), let startedAt = optional(fields["startedAt"], double),
            let message = optional(fields["message"], string), let details = optional(fields["details"], string),
            let stdout = optional(fields["stdout"], string), let stderr = optional(fields["stderr"], string),
            let worker = optional(fields["worker"], { string($0).flatMap(WorkerID.init(parsing:)) }),
            let batch = optional(fields["batch"], integer), let ended = optional(fields["endedItsProcess"], boolean),
            let failureCount = optional(fields["failureCount"], integer),
            let neverRan = optional(fields["neverRan"], boolean)
        else { return nil }
        var result = TestResult(
            id: id, scope: scope, outcome: outcome, duration: duration, startedAt: startedAt, message: message,
            details: details, stdout: stdout, stderr: stderr, worker: worker, batch: batch)
        result.endedItsProcess = ended
        result.failureCount = failureCount
        result.neverRan = neverRan
        return result
    }

    /// `.some(nil)` for an absent or null field, `.some(value)` for one `read` takes, nil when it does not.
    private static func optional<Value>(_ value: JSONScanner.Value?, _ read: (JSONScanner.Value?) -> Value?)
        -> Value??
    {
        guard let value, value != .null else { return .some(nil) }
        return read(value).map { .some($0) }
    }

    private static func string(_ value: JSONScanner.Value?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }

    private static func double(_ value: JSONScanner.Value?) -> Double? {
        guard case .number(let text)? = value, let number = Double(text), number.isFinite else { return nil }
        return number
    }

    /// Plain digits only: `JSONDecoder`'s reading of `3.0` or `1e2` as an `Int` is its own to keep.
    private static func integer(_ value: JSONScanner.Value?) -> Int? {
        guard case .number(let text)? = value, text.allSatisfy({ $0 == "-" || $0.isASCII && $0.isNumber }) else {
            return nil
        }
        return Int(text)
    }

    private static func boolean(_ value: JSONScanner.Value?) -> Bool? {
        if case .bool(let flag)? = value { return flag }
        return nil
    }
}

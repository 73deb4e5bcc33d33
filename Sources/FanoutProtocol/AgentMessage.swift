import FanoutCore

/// Messages from agent to controller, one JSON object per line: `{"type":"ready","slot":2}`.
public enum AgentMessage: Sendable, Equatable {
    case hello(AgentHello)
    /// `slot` is free and asks for a batch.
    case ready(slot: Int)
    case testStarted(batch: Int, slot: Int, testID: String, scope: String, at: Double)
    case testFinished(TestResult)
    case batchDone(BatchCompletion)
    /// The agent's own diagnostics; `fatal` means it is about to exit.
    case log(level: LogLevel, message: String)
    case heartbeat(at: Double)

    public enum LogLevel: String, Codable, Sendable { case info, warning, fatal }
}

extension AgentMessage: Codable {
    private enum Kind: String, Codable { case hello, ready, testStarted, testFinished, batchDone, log, heartbeat }
    private enum Key: String, CodingKey {
        case type, hello, slot, batch, testID, scope, at, result, completion, level, message
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        switch try c.decode(Kind.self, forKey: .type) {
        case .hello: self = .hello(try c.decode(AgentHello.self, forKey: .hello))
        case .ready: self = .ready(slot: try c.decode(Int.self, forKey: .slot))
        case .testStarted:
            self = .testStarted(
                batch: try c.decode(Int.self, forKey: .batch), slot: try c.decode(Int.self, forKey: .slot),
                testID: try c.decode(String.self, forKey: .testID),
                scope: try c.decode(String.self, forKey: .scope), at: try c.decode(Double.self, forKey: .at))
        case .testFinished: self = .testFinished(try c.decode(TestResult.self, forKey: .result))
        case .batchDone: self = .batchDone(try c.decode(BatchCompletion.self, forKey: .completion))
        case .log:
            self = .log(
                level: try c.decode(LogLevel.self, forKey: .level),
                message: try c.decode(String.self, forKey: .message))
        case .heartbeat: self = .heartbeat(at: try c.decode(Double.self, forKey: .at))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .hello(let hello):
            try c.encode(Kind.hello, forKey: .type)
            try c.encode(hello, forKey: .hello)
        case .ready(let slot):
            try c.encode(Kind.ready, forKey: .type)
            try c.encode(slot, forKey: .slot)
        case .testStarted(let batch, let slot, let testID, let scope, let at):
            try c.encode(Kind.testStarted, forKey: .type)
            try c.encode(batch, forKey: .batch)
            try c.encode(slot, forKey: .slot)
            try c.encode(testID, forKey: .testID)
            try c.encode(scope, forKey: .scope)
            try c.encode(at, forKey: .at)
        case .testFinished(let result):
            try c.encode(Kind.testFinished, forKey: .type)
            try c.encode(result, forKey: .result)
        case .batchDone(let completion):
            try c.encode(Kind.batchDone, forKey: .type)
            try c.encode(completion, forKey: .completion)
        case .log(let level, let message):
            try c.encode(Kind.log, forKey: .type)
            try c.encode(level, forKey: .level)
            try c.encode(message, forKey: .message)
        case .heartbeat(let at):
            try c.encode(Kind.heartbeat, forKey: .type)
            try c.encode(at, forKey: .at)
        }
    }
}

extension AgentMessage: AgentGreetingCarrier {
    /// The agent's protocol version and CPUs when this is its hello.
    public var greeting: AgentGreeting? {
        guard case .hello(let hello) = self else { return nil }
        return AgentGreeting(
            protocolVersion: hello.protocolVersion, agentVersion: hello.agentVersion, cpuCount: hello.cpuCount,
            kernel: hello.kernel)
    }

    public var saysSlotReady: Bool {
        guard case .ready = self else { return false }
        return true
    }
}

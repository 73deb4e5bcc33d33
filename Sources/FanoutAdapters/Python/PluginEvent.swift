import FanoutCore
import FoundationEssentials

/// One JSON line of the result stream Fanout's Python runners write: `start`, `finish`, `collected` or `end`.
struct PluginEvent: Decodable {
    struct Test: Decodable {
        var id: String
        var scope: String
    }

    var event: String
    var id: String?
    var scope: String?
    var outcome: String?
    var duration: Double?
    var at: Double?
    var message: String?
    var details: String?
    /// unittest's failure entries for the test (each failing subtest is one), when the runner counts them.
    var failures: Int?
    var stdout: String?
    var stderr: String?
    var exitstatus: Int?
    var stopped: String?
    var unreported: [Test]?
    var explained: [Test]?

    /// One line of a Python runner's result stream (pytest plugin or unittest runner) as an adapter event.
    static func decode(line: [UInt8]) -> AdapterEvent? {
        guard let event = try? JSONDecoder().decode(Self.self, from: Data(line)) else { return nil }
        switch event.event {
        case "start":
            guard let id = event.id, let scope = event.scope else { return nil }
            return .started(testID: id, scope: scope, at: event.at ?? 0)
        case "finish":
            guard let id = event.id, let scope = event.scope, let raw = event.outcome,
                let outcome = Outcome(rawValue: raw)
            else { return nil }
            var result = TestResult(
                id: id, scope: scope, outcome: outcome, duration: event.duration ?? 0,
                startedAt: event.at, message: event.message, details: event.details, stdout: event.stdout,
                stderr: event.stderr)
            result.failureCount = event.failures
            return .finished(result)
        case "end":
            return .sessionEnded(
                SessionEnd(
                    exitStatus: event.exitstatus ?? 0, stopped: event.stopped,
                    unreported: (event.unreported ?? []).map { SessionEnd.Unreported(id: $0.id, scope: $0.scope) },
                    explained: (event.explained ?? []).map { SessionEnd.Unreported(id: $0.id, scope: $0.scope) }))
        default:
            return nil
        }
    }
}

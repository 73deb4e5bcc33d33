import FanoutCore
import FoundationEssentials

/// One JSON line of the result stream Fanout's Python runners write: `start`, `finish` or `collected`.
struct PluginEvent: Decodable {
    var event: String
    var id: String
    var scope: String
    var outcome: String?
    var duration: Double?
    var at: Double?
    var message: String?
    var details: String?
    var stdout: String?
    var stderr: String?

    /// One line of a Python runner's result stream (pytest plugin or unittest runner) as an adapter event.
    static func decode(line: [UInt8]) -> AdapterEvent? {
        guard let event = try? JSONDecoder().decode(Self.self, from: Data(line)) else { return nil }
        switch event.event {
        case "start":
            return .started(testID: event.id, scope: event.scope, at: event.at ?? 0)
        case "finish":
            guard let raw = event.outcome, let outcome = Outcome(rawValue: raw) else { return nil }
            return .finished(
                TestResult(
                    id: event.id, scope: event.scope, outcome: outcome, duration: event.duration ?? 0,
                    startedAt: event.at, message: event.message, details: event.details, stdout: event.stdout,
                    stderr: event.stderr))
        default:
            return nil
        }
    }
}

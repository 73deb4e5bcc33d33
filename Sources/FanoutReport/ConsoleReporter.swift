import FanoutCore
import Foundation

/// Live console output: failures as they happen, a line per finished scope with a finished/total count,
/// and a final pytest-like summary with failure details and the slowest scopes.
public struct ConsoleReporter: RunReporter {
    /// How many slowest scopes the summary lists.
    public var slowestCount = 5
    /// Characters of failure text shown per failure in the summary.
    public var detailLimit = 4000
    private let style: ConsoleStyle
    private let verbosity: ConsoleVerbosity
    private let write: (String) -> Void
    private var finishedTests = 0
    /// Lines of a failure's text printed under it as it happens (the live console's); 0 leaves it to the summary.
    public var failureTailLines = 0

    /// - Parameter write: receives whole lines, each ending in a newline.
    public init(style: ConsoleStyle, verbosity: ConsoleVerbosity = .normal, write: @escaping (String) -> Void) {
        self.style = style
        self.verbosity = verbosity
        self.write = write
    }

    public mutating func handle(_ event: RunEvent) {
        switch event {
        case .started(let runID, let adapter, let scopeCount, _):
            line("fanout \(adapter): \(ScopeNoun.counted(scopeCount, adapter: adapter)) to run (run \(runID))")
        case .hostJoined(let host, let workers):
            guard verbosity != .quiet else { break }
            line("fanout: \(host) ready with \(workers.count) \(workers.count == 1 ? "slot" : "slots")")
        case .hostUnavailable(let host, let reason):
            notice("host \(host) unavailable: \(reason)")
        case .hostLost(let host, let reason):
            notice("host \(host) lost: \(reason)")
        case .retryScheduled(let result, let attempt, let attempts):
            notice(
                "\(result.id) \(result.outcome.rawValue) on \(result.worker?.description ?? "?"); running it again "
                    + "(attempt \(attempt) of \(attempts))")
        case .requeued(let units):
            notice(
                "the test process ended abnormally; the unreported tests of \(units.joined(separator: ", ")) run again")
        case .copyStarted(let original, let running, let copy, let worker):
            notice(
                "batch \(original) on \(running) runs far past its expected time; a copy (batch \(copy.id)) runs on "
                    + "\(worker), and the first to end counts")
        case .isolation(let scope, let step):
            notice("isolated \(scope): \(step)")
        case .stopping(let reason):
            notice(reason.description)
        case .batchStarted, .batchFinished, .testStarted, .quarantined, .planned, .tick:
            // Quarantined tests show as the errors they end with.
            break
        case .testFinished(let result):
            finishedTests += 1
            if result.outcome.isFailure {
                let label = style.red(result.outcome.label)
                line("\(label) \(result.id) (\(result.worker?.description ?? "?"))\(reason(result))")
                if failureTailLines > 0, let text = result.details ?? result.stderr, !text.isEmpty {
                    let tail = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(failureTailLines)
                    line(tail.map { "    " + $0 }.joined(separator: "\n"))
                }
            } else if verbosity == .verbose {
                let label = result.outcome.rawValue.uppercased()
                line("\(label) \(result.id) (\(result.worker?.description ?? "?")) \(seconds(result.duration))")
            }
        case .scopeFinished(let scope, let finished, let total):
            guard verbosity != .quiet else { break }
            let width = String(total).count
            let counter = String(repeating: " ", count: width - String(finished).count) + "\(finished)/\(total)"
            let status = scope.counts.failures > 0 ? style.red(scope.counts.phrase) : scope.counts.phrase
            let workers = scope.workers.map(\.description).joined(separator: ",")
            line("[\(counter)] \(scope.id)  \(status)  \(seconds(scope.duration))  \(workers)")
        case .notice(let message):
            notice(message)
        case .finished(let report):
            summary(report)
        }
    }

    private func summary(_ report: RunReport) {
        let failures = report.failures
        if !failures.isEmpty {
            line(banner("FAILURES"))
            for failure in failures {
                line(style.bold("_____ \(failure.id) (\(failure.worker?.description ?? "?")) _____"))
                if let details = failure.details, !details.isEmpty {
                    line(details.count > detailLimit ? "[...]\n" + String(details.suffix(detailLimit)) : details)
                } else if let message = failure.message {
                    line(message)
                }
                for (name, text) in [("stdout", failure.stdout), ("stderr", failure.stderr)] {
                    guard let text, !text.isEmpty else { continue }
                    line("----- Captured \(name) -----")
                    line(text.count > detailLimit ? String(text.suffix(detailLimit)) : text)
                }
            }
        }
        let slowest = report.scopes.sorted { $0.duration > $1.duration }.prefix(slowestCount)
        if !slowest.isEmpty {
            line(banner("slowest \(slowest.count) scopes"))
            for scope in slowest {
                line(
                    "\(seconds(scope.duration))  \(scope.id)  \(scope.workers.map(\.description).joined(separator: ","))"
                )
            }
        }
        if !failures.isEmpty {
            line(banner("short test summary info"))
            for failure in failures {
                line("\(failure.outcome.label) \(failure.id)\(reason(failure))")
            }
        }
        let flaky = report.tests.filter(\.isFlaky)
        if !flaky.isEmpty {
            line(banner("flaky tests (failed, then passed on a retry)"))
            for test in flaky {
                let attempts = test.previousAttempts ?? []
                let workers = (attempts + [test]).compactMap { $0.worker?.description }.joined(separator: " -> ")
                line(style.yellow("FLAKY") + " \(test.id) (failed \(attempts.count)x; \(workers))")
            }
        }
        if !report.notRun.isEmpty {
            line(
                style.yellow("not run (\(report.notRun.count)): ") + report.notRun.prefix(20).joined(separator: ", ")
                    + (report.notRun.count > 20 ? ", ..." : ""))
        }
        for problem in report.problems { line(style.yellow("fanout: \(problem)")) }
        let slots = report.workers.count
        var phrase =
            "\(report.counts.phrase) in \(seconds(report.duration)) on \(slots) \(slots == 1 ? "slot" : "slots")"
        if !flaky.isEmpty { phrase = "\(flaky.count) flaky, " + phrase }
        if report.interrupted { phrase += " (interrupted)" }
        let colored = report.exitCode == .allPassed ? style.green(phrase) : style.red(phrase)
        line(banner(colored, visibleLength: phrase.count))
    }

    private func reason(_ result: TestResult) -> String {
        guard let message = result.message?.split(separator: "\n").first else { return "" }
        return " - " + (message.count > 200 ? message.prefix(200) + "..." : message)
    }

    private func banner(_ title: String, visibleLength: Int? = nil) -> String {
        let width = 78
        let padding = max(2, width - (visibleLength ?? title.count) - 2)
        let left = String(repeating: "=", count: padding / 2)
        let right = String(repeating: "=", count: padding - padding / 2)
        return "\(left) \(title) \(right)"
    }

    private func seconds(_ value: Double) -> String {
        String(format: "%.2fs", value)
    }

    private func notice(_ text: String) {
        line(style.yellow("fanout: \(text)"))
    }

    private func line(_ text: String) {
        write(text + "\n")
    }
}

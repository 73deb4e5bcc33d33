import FanoutCore

/// What the HTML report's script draws, worked out from a `RunReport`: compact rows for the timeline and the
/// test list (a hundred thousand tests stay a few megabytes), and the summaries the page shows as they are.
struct HTMLReportModel: Encodable, Equatable {
    /// Outcomes in the order of their codes in `tests` and `batches`.
    static let outcomes: [Outcome] = [.passed, .failed, .error, .timeout, .skipped, .xfailed, .xpassed]
    /// How many failures keep their full text; the others are listed by id and message only.
    static let detailedFailures = 1000
    static let slowestCount = 20

    struct Failure: Encodable, Equatable {
        var id, outcome, worker: String
        var message, details, stdout, stderr: String?
        var attempts: Int
    }

    struct Attempt: Encodable, Equatable {
        var outcome, worker: String
        var message: String?
    }

    struct Flaky: Encodable, Equatable {
        var id, worker: String
        var attempts: [Attempt]
    }

    struct Host: Encodable, Equatable {
        var host: String
        var slots, tests, batches: Int
        /// Seconds its slots spent in batches, and that over slots times the run's wall time.
        var busy, utilisation: Double
    }

    var title, adapter, workspace, verdict: String
    var startedAt, duration: Double
    var exitCode: Int32
    var counts: [String: Int]
    var problems, notRun, workers, scopes: [String]
    var outcomeNames: [String]
    /// `[worker index, start (s from the run's start), wall s, worst outcome code or -1, batch id, files]`.
    var batches: [[Value]]
    /// `[id, scope index, outcome code, duration s, worker index or -1]`.
    var tests: [[Value]]
    var failures: [Failure]
    var flaky: [Flaky]
    var slowestTests: [[Value]]
    var slowestScopes: [[Value]]
    var hosts: [Host]

    /// A cell of the compact rows.
    enum Value: Encodable, Equatable {
        case text(String)
        case number(Double)
        case integer(Int)

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .number(let number): try container.encode((number * 1000).rounded() / 1000)
            case .integer(let integer): try container.encode(integer)
            }
        }
    }
}

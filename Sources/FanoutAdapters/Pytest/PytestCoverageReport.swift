import FanoutCore
import FanoutPosix
import FoundationEssentials

/// The coverage report of a whole run: fanout_coverage_report.py, run with the user's Python in the controller's
/// workspace, combines the data of every batch (brought back from every host) and reports it as pytest-cov
/// reports a run in one process.
public struct PytestCoverageReport: Sendable {
    /// What the report came to.
    public struct Outcome: Sendable, Equatable {
        /// What pytest-cov would print at the end of the session (empty when no report was wanted).
        public var text: String
        /// The total percentage; nil when no report was made.
        public var total: Double?
        /// The total is under the required minimum (`--cov-fail-under`, or `fail_under` in the configuration).
        public var failedUnder: Bool
    }

    public var coverage: PytestCoverage
    public var executable: String
    public var workspace: String
    public var runID: String
    /// Each host's workspace, whose paths in the data become the local workspace's.
    public var remoteWorkspaces: [String]
    public var testsFailed: Bool
    public var environment: [String: String]

    public init(
        coverage: PytestCoverage, executable: String, workspace: String, runID: String, remoteWorkspaces: [String],
        testsFailed: Bool, environment: [String: String]
    ) {
        self.coverage = coverage
        self.executable = executable
        self.workspace = workspace
        self.runID = runID
        self.remoteWorkspaces = remoteWorkspaces
        self.testsFailed = testsFailed
        self.environment = environment
    }

    /// Fanout's own Python files, which every batch ran and `--cov` with no source would otherwise report: the
    /// agents' private directories of this run, on every host.
    var omitted: [String] { ["*/fanout-agent-\(runID)-*"] }

    /// Combines and reports; throws what went wrong, with the helper's last lines.
    public func run() throws -> Outcome {
        let directory = try PrivateDirectory.make(prefix: "fanout-coverage-")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try EmbeddedPython.fanoutCoverageReport.write(into: directory)
        let spec = PathText.join(directory, "spec.json")
        let result = PathText.join(directory, "result.json")
        let report = PathText.join(directory, "report.txt")
        let files = CoverageDataFiles.dataFiles(workspace: workspace, runID: runID)
        try JSONEncoder().encode(
            Spec(
                coverage: coverage, dataFiles: files, remoteWorkspaces: remoteWorkspaces, omit: omitted,
                testsFailed: testsFailed)
        ).write(to: URL(fileURLWithPath: spec))
        let helper = EmbeddedPython.fanoutCoverageReport.path(in: directory)
        let (termination, output) = try CapturedCommand.run(
            [executable, helper, spec, result, report], workspace: workspace, environment: environment)
        guard termination == .exited(0), let data = FileManager.default.contents(atPath: result),
            let verdict = try? JSONDecoder().decode(Verdict.self, from: data)
        else {
            throw CoverageReportError(termination: termination, executable: executable, output: output.lastLines(6))
        }
        let text = FileManager.default.contents(atPath: report).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Outcome(text: text, total: verdict.total, failedUnder: verdict.failed)
    }

    private struct Verdict: Decodable {
        var total: Double?
        var failed: Bool
    }

    /// The helper's input: the options, and where the data and the hosts' workspaces are.
    private struct Spec: Encodable {
        let coverage: PytestCoverage
        let dataFiles: [String]
        let remoteWorkspaces: [String]
        let omit: [String]
        let testsFailed: Bool

        enum CodingKeys: String, CodingKey {
            case omit
            case dataFiles = "data_files"
            case remoteWorkspaces = "remote_workspaces"
            case testsFailed = "tests_failed"
        }

        func encode(to encoder: Encoder) throws {
            try coverage.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(dataFiles, forKey: .dataFiles)
            try container.encode(remoteWorkspaces, forKey: .remoteWorkspaces)
            try container.encode(omit, forKey: .omit)
            try container.encode(testsFailed, forKey: .testsFailed)
        }
    }
}

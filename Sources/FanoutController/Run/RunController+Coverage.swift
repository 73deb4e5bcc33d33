import FanoutAdapters
import FanoutConfig
import FanoutCore
import FanoutPosix
import FanoutProtocol
import Foundation

/// `--cov`: after the agents ended, every host's coverage data comes back into the run's directory of the local
/// workspace, and one report is made of it all.
extension RunController {
    /// pytest-cov's options when a pytest run asks for coverage, from the config file's `addopts`, PYTEST_ADDOPTS
    /// and the run's arguments, in pytest's order.
    public static func requestedCoverage(adapter: AdapterSpec, workspace: String) throws -> PytestCoverage? {
        guard adapter.name == "pytest" else { return nil }
        let project = try PytestProjectConfig.locate(from: workspace, reader: ProjectConfigFiles())
        let environment = SystemInfo.environment.merging(adapter.environment) { _, run in run }
        let fromEnvironment = ShellWords.split(environment["PYTEST_ADDOPTS"] ?? "")
        return PytestCoverage.requested(by: project.addopts + fromEnvironment + adapter.frameworkArgs)
    }

    /// Brings the data back from `hosts` (those still in the run), combines it with what the local agent wrote,
    /// and reports; what went wrong becomes `coverageProblem`.
    func reportCoverage(from hosts: Set<String>, testsFailed: Bool) {
        guard let coverage = options.coverage else { return }
        retrieveCoverageData(from: hosts)
        for host in remoteWorkspaces.keys.sorted() where !hosts.contains(host) && !abandonAgents {
            publish(.notice("\(host) left the run: the coverage report leaves out the batches it ran"))
        }
        let report = PytestCoverageReport(
            coverage: coverage, executable: options.adapter.executable, workspace: options.workspace,
            runID: options.runID, remoteWorkspaces: Array(Set(remoteWorkspaces.values)).sorted(),
            testsFailed: testsFailed, environment: SystemInfo.environment.merging(options.adapter.environment) { $1 })
        do {
            coverageOutcome = try report.run()
        } catch {
            coverageProblem = "\(error)"
        }
        let runDirectory = CoverageDataFiles.runDirectory(workspace: options.workspace, runID: options.runID)
        try? FileManager.default.removeItem(atPath: runDirectory)
        let parent = PathText.parent(runDirectory)
        if DirectoryWalk.names(in: parent).isEmpty { try? FileManager.default.removeItem(atPath: parent) }
    }

    /// Each host's `.fanout/coverage/RUN/` into the local one, at the same paths, each host on a thread of its own.
    private func retrieveCoverageData(from hosts: Set<String>) {
        let run = CoverageDataFiles.relativeRunDirectory(runID: options.runID)
        let retrieval = RemoteFileRetrieval(
            fanoutPath: options.fanoutPath,
            filters: ["--include=/.fanout/", "--include=/.fanout/coverage/", "--include=/\(run)/***", "--exclude=*"],
            destination: options.workspace, what: "the coverage data")
        let timeout = options.setupTimeout
        onEachJoinedHost(hosts, thread: "fanout-coverage") { target, directory in
            do {
                _ = try retrieval.run(target: target, remoteDirectory: directory, timeout: timeout)
                return nil
            } catch {
                return "\(error); the coverage report leaves out what ran there"
            }
        }
    }
}

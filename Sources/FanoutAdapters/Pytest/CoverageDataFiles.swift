import FanoutCore
import FanoutPosix

/// Where a run measured under coverage keeps its data: each batch attempt writes below
/// `.fanout/coverage/RUN/WORKER/BATCH-ATTEMPT/` of the workspace it runs in, so no two batches, slots, hosts or
/// attempts share a data file (pytest-cov erases its data file as it starts), and every host's data comes back
/// to the same paths of the controller's workspace.
public enum CoverageDataFiles {
    /// The run's directory, below `workspace`.
    public static func runDirectory(workspace: String, runID: String) -> String {
        PathText.join(workspace, relativeRunDirectory(runID: runID))
    }

    /// The run's directory, relative to a workspace.
    public static func relativeRunDirectory(runID: String) -> String {
        ".fanout/coverage/\(runID)"
    }

    /// The data file (COVERAGE_FILE) of one attempt at `batch`; `attempt` tells the attempts apart.
    public static func batchFile(workspace: String, runID: String, worker: WorkerID, batch: Int, attempt: String)
        -> String
    {
        PathText.join(runDirectory(workspace: workspace, runID: runID), "\(worker)/\(batch)-\(attempt)/.coverage")
    }

    /// Every data file below the run's directory (pytest-cov's, suffixed, and any plain `.coverage`).
    public static func dataFiles(workspace: String, runID: String) -> [String] {
        let root = runDirectory(workspace: workspace, runID: runID)
        var files: [String] = []
        DirectoryWalk.walk(root) { entry in
            if entry.name.hasPrefix(".coverage"), !entry.name.hasSuffix("-journal"), entry.status.kind == .regular {
                files.append(PathText.join(root, entry.relativePath))
            }
            return true
        }
        return files.sorted()
    }
}

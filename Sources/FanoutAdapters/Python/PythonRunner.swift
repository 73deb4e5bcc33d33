import FanoutCore

/// What Fanout's Python runners share (the pytest plugin, the unittest and Django runners): they stream results as
/// JSON lines on one descriptor and read from their environment where to write them and what to keep.
public enum PythonRunner {
    /// Descriptor number of the result stream.
    public static let resultDescriptor: Int32 = 3
    /// Bytes of captured output and failure text kept per field of one test.
    public static let captureLimit = 65536

    /// `base` plus what the runners read from their environment: where to write results, where the pytest plugin
    /// lives, the workspace, the capture limit, and where the pytest plugin keeps compiled test files when the
    /// environment turns bytecode writing off (Fanout's own directory in the workspace, never beside the sources).
    static func environment(supportDirectory: String, workspace: String, base: [String: String]) -> [String: String] {
        base.merging([
            "FANOUT_RESULT_FD": String(resultDescriptor),
            "FANOUT_PLUGIN_PATH": EmbeddedPython.fanoutPytestPlugin.path(in: supportDirectory),
            "FANOUT_WORKSPACE": workspace,
            "FANOUT_CAPTURE_LIMIT": String(captureLimit),
            "FANOUT_BYTECODE_CACHE": bytecodeCache(workspace: workspace),
        ]) { _, runner in runner }
    }

    /// Where the pytest plugin keeps compiled test files for `workspace` when bytecode writing is off.
    public static func bytecodeCache(workspace: String) -> String {
        PathText.join(workspace, ".fanout/pycache")
    }
}

import FanoutPosix

/// The coverage report could not be made: the helper failed (coverage.py missing on this machine, a broken
/// configuration file).
public struct CoverageReportError: Error, CustomStringConvertible {
    public var termination: ChildProcess.Termination
    public var executable: String
    public var output: String

    public var description: String {
        var text = "combining the coverage data with \(executable) on this machine failed (\(termination))"
        if output.contains("No module named 'coverage'") {
            text += ": coverage.py is not installed for \(executable) here; install it (pip install pytest-cov)"
            text += " or name the interpreter that has it with --python"
        }
        return text + (output.isEmpty ? "" : "\n" + output)
    }
}

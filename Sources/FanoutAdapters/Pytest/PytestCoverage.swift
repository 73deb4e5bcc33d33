/// What pytest-cov's options in a run's pytest arguments ask for, read as pytest-cov reads them. Every batch runs
/// with the arguments as they are, writing data files of its own; the controller combines them and reports once
/// with these options (fanout_coverage_report.py), as pytest-cov reports a run of the whole suite.
public struct PytestCoverage: Codable, Sendable, Equatable {
    /// `--cov` values in order; nil stands for a bare `--cov`, which measures everything.
    public var sources: [String?] = []
    /// `--cov-report` values in order (`term-missing`, `html:DIR`, or empty for none).
    public var reports: [String] = []
    /// `--cov-config`: coverage's configuration file.
    public var config = ".coveragerc"
    /// `--cov-branch`: nil leaves it to the configuration.
    public var branch: Bool?
    /// `--cov-fail-under` and `--cov-precision` as given: nil leaves them to the configuration.
    public var failUnder: Double?
    public var precision: Int?
    /// `--cov-append`: the run's data is added to what the data file already holds.
    public var append = false
    /// `--no-cov-on-fail`: no report when a test failed.
    public var noCovOnFail = false

    private enum CodingKeys: String, CodingKey {
        case sources, reports, config, branch, precision, append
        case failUnder = "fail_under"
        case noCovOnFail = "no_cov_on_fail"
    }

    /// The coverage `arguments` ask for (pytest's order: the config file's `addopts`, PYTEST_ADDOPTS, then the
    /// command line), or nil when they ask for none: no `--cov`, `--cov-reset` after the last, or `--no-cov`.
    public static func requested(by arguments: [String]) -> PytestCoverage? {
        var coverage = PytestCoverage()
        var disabled = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" { break }
            func value(_ option: String) -> String? {
                if argument.hasPrefix(option + "=") { return String(argument.dropFirst(option.count + 1)) }
                guard argument == option, index < arguments.count else { return nil }
                index += 1
                return arguments[index - 1]
            }
            switch argument {
            case "--cov":
                // argparse's `nargs="?"`: the next argument is the source unless it looks like an option.
                if index < arguments.count, !arguments[index].hasPrefix("-") {
                    coverage.sources.append(arguments[index])
                    index += 1
                } else {
                    coverage.sources.append(nil)
                }
            case "--cov-reset": coverage.sources = []
            case "--cov-branch": coverage.branch = true
            case "--cov-append": coverage.append = true
            case "--no-cov-on-fail": coverage.noCovOnFail = true
            case "--no-cov": disabled = true
            default:
                if argument.hasPrefix("--cov=") {
                    coverage.sources.append(String(argument.dropFirst("--cov=".count)))
                } else if let report = value("--cov-report") {
                    coverage.reports.append(report)
                } else if let config = value("--cov-config") {
                    coverage.config = config
                } else if let minimum = value("--cov-fail-under") {
                    coverage.failUnder = Double(minimum)
                } else if let precision = value("--cov-precision") {
                    coverage.precision = Int(precision)
                }
            }
        }
        return disabled || coverage.sources.isEmpty ? nil : coverage
    }
}

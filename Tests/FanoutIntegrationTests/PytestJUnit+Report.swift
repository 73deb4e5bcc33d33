import FanoutAdapters
import FanoutCore
import FanoutReport

extension PytestJUnit {
    /// A Fanout report's outcomes under the keys pytest's JUnit XML gives the same tests. JUnit cannot tell a
    /// non-strict xpass from a pass, so `xpassedAsPassed` reads one as the other.
    static func outcomes(of report: RunReport, xpassedAsPassed: Bool = false) -> [Key: String] {
        var outcomes: [Key: String] = [:]
        for test in report.tests {
            let names = PytestFramework().ids.junitName(of: test.id, scope: test.scope)
            outcomes[Key(classname: names.classname, name: names.name)] =
                xpassedAsPassed && test.outcome == .xpassed ? "passed" : test.outcome.rawValue
        }
        return outcomes
    }
}

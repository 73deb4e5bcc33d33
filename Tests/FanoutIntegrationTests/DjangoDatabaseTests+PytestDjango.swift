import FanoutCore
import FanoutReport
import Foundation
import Testing

/// pytest-django names a test database per xdist worker (`test_app_gw0`); under Fanout, whose slots are no
/// xdist workers, the same names come from the slot. Tests/Fixtures/django-databases, run as a pytest-django
/// project, writes rows that collide when two workers share a database. These run in DjangoDatabaseTests'
/// serialized suite: both look for every `test_*` database left on the same servers.
extension DjangoDatabaseTests {
    func pytestDjangoProject(_ server: String, address: String? = nil) throws -> String {
        let project = try project(server, address: address)
        try "adapter = \"pytest\"\n".write(toFile: project + "/fanout.toml", atomically: true, encoding: .utf8)
        try "[pytest]\nDJANGO_SETTINGS_MODULE = mysite.settings\npython_files = test_*.py\n".write(
            toFile: project + "/pytest.ini", atomically: true, encoding: .utf8)
        return project
    }

    @Test(.enabled(if: DatabaseServers.withPytestDjango, "needs pytest-django"), arguments: servers)
    func pytestDjangoGivesEachSlotItsOwnTestDatabaseAndOutcomesEqualPlainPytest(server: String) throws {
        let project = try pytestDjangoProject(server)
        defer { try? FileManager.default.removeItem(atPath: project) }
        let junit = project + "/plain.xml"
        let plain = try Harness.run(
            TestHosts.python, ["-m", "pytest", "-q", "-p", "no:cacheprovider", "--junitxml", junit],
            directory: project)
        #expect(plain.exitCode == 0, "\(plain.stdout)")
        let expected = try PytestJUnit.outcomes(at: junit)
        #expect(expected.count == 12)
        for warmth in [[], ["--no-warm"]] {
            let json = project + "/report.json"
            let run = try Harness.fanout(
                ["run", project, "-n", "2", "--max-batch-files", "1", "--json", json, "--python", TestHosts.python]
                    + warmth)
            #expect(run.exitCode == 0, "\(warmth): \(run.stdout)\(run.stderr)")
            let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
            #expect(PytestJUnit.outcomes(of: report) == expected, "\(warmth)")
            #expect(try DatabaseServers.testDatabases(server, project: project) == [], "a test database was left")
        }
    }

    @Test(
        .enabled(if: DatabaseServers.withPytestDjango, "needs pytest-django"),
        .enabled(if: TestHosts.apartAvailable, "needs Deploy/testhosts.sh up 5"))
    func pytestDjangoOnTwoHostsOfTwoSlotsSharesOneServerWithoutMeeting() throws {
        let project = try pytestDjangoProject("postgresql", address: "10.231.47.1")
        defer { try? FileManager.default.removeItem(atPath: project) }
        let json = project + "/report.json"
        let run = try Harness.fanout(
            ["run", project, "--max-batch-files", "1", "--json", json] + TestHosts.runArguments(hosts: TestHosts.apart))
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.tests.count == 12 && report.tests.allSatisfy { $0.outcome == .passed }, "\(run.stdout)")
        #expect(try DatabaseServers.testDatabases("postgresql") == [])
    }
}

extension DatabaseServers {
    /// The servers are up and pytest-django is installed (Deploy/databases.sh installs it).
    static var withPytestDjango: Bool {
        required
            || (available && (try? Harness.run(TestHosts.python, ["-c", "import pytest_django"]))?.exitCode == 0)
    }
}

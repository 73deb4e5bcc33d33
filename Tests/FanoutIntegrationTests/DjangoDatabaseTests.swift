import FanoutCore
import FanoutReport
import Foundation
import Testing

/// The database servers of Deploy/databases.sh, as the user `fanout` sees them.
enum DatabaseServers {
    /// CI sets FANOUT_REQUIRE_DATABASES=1 after starting the servers: there a server that is down fails the tests.
    static var required: Bool { ProcessInfo.processInfo.environment["FANOUT_REQUIRE_DATABASES"] == "1" }

    static var available: Bool { required || (Django.installed && (try? testDatabases("postgresql")) != nil) }

    /// The names of the test databases (`test_...`, or `prefix...`) on `server`; the files for `sqlite`, in
    /// `project`.
    static func testDatabases(_ server: String, project: String = "", prefix: String = "test") throws -> [String] {
        let listing: Harness.Result
        switch server {
        case "postgresql":
            listing = try Harness.run(
                "/usr/bin/env",
                [
                    "PGPASSWORD=fanout", "psql", "-h", "127.0.0.1", "-U", "fanout", "-d", "postgres", "-qtAc",
                    "SELECT datname FROM pg_database WHERE datname LIKE '\(prefix)%'",
                ])
        case "mariadb":
            listing = try Harness.run(
                "/usr/bin/env",
                ["mysql", "-h", "127.0.0.1", "-ufanout", "-pfanout", "-N", "-e", "SHOW DATABASES LIKE '\(prefix)%'"])
        default:
            let names = try FileManager.default.contentsOfDirectory(atPath: project)
            return names.filter { $0.hasPrefix(prefix + "_") }.sorted()
        }
        guard listing.exitCode == 0 else { throw DatabaseUnreachable(server: server, detail: listing.stderr) }
        return listing.stdout.split(separator: "\n").map(String.init).sorted()
    }

    struct DatabaseUnreachable: Error {
        let server: String
        let detail: String
    }
}

/// Per-worker test databases: Tests/Fixtures/django-databases writes rows that collide when two workers share a
/// database; with a clone per slot it runs green on SQLite, PostgreSQL and MariaDB, leaves nothing behind, and
/// `--keep-db` keeps template and clones for the next run.
@Suite(.serialized, .enabled(if: DatabaseServers.available, "needs Deploy/databases.sh up (and Django)"))
struct DjangoDatabaseTests {
    static let servers = ["sqlite", "postgresql", "mariadb"]

    func project(_ server: String, address: String? = nil) throws -> String {
        let project = try Harness.copyOfSuite("Tests/Fixtures/django-databases")
        try ([server] + (address.map { [$0] } ?? [])).joined(separator: " ").write(
            toFile: project + "/fixture-db", atomically: true, encoding: .utf8)
        return project
    }

    func outcomes(_ path: String) throws -> [String: Outcome] {
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: path)))
        return Dictionary(uniqueKeysWithValues: report.tests.map { ($0.id, $0.outcome) })
    }

    @Test(arguments: servers)
    func collidingWritesRunGreenOnTwoSlotsAsManagePyTestRunsThemAndLeaveNoDatabase(server: String) throws {
        let project = try project(server)
        defer { try? FileManager.default.removeItem(atPath: project) }
        let direct = try Harness.run(
            "/usr/bin/env", ["python3", "manage.py", "test", "--noinput", "--parallel", "1", "-v", "2"],
            directory: project)
        let expected = DjangoAdapterTests.verboseOutcomes(direct.stderr)
        #expect(expected.count == 12 && Set(expected.values) == [.passed], "\(direct.stderr)")
        let json = project + "/report.json"
        let run = try Harness.fanout(["run", project, "-n", "2", "--json", json, "--python", TestHosts.python])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        #expect(try outcomes(json) == expected)
        #expect(try DatabaseServers.testDatabases(server, project: project) == [], "a test database was left")
    }

    @Test(arguments: servers)
    func keepDBKeepsTheTemplateAndEachSlotsCloneForTheNextRun(server: String) throws {
        let project = try project(server)
        defer { try? FileManager.default.removeItem(atPath: project) }
        let arguments = ["run", project, "-n", "2", "--python", TestHosts.python]
        let names =
            server == "sqlite"
            ? ["test_ledger_local.sqlite3", "test_ledger_local_1.sqlite3", "test_ledger_local_2.sqlite3"]
            : ["test_fanout_ledger_local", "test_fanout_ledger_local_1", "test_fanout_ledger_local_2"]
        for _ in 1...2 {
            let kept = try Harness.fanout(arguments + ["--keep-db"])
            #expect(kept.exitCode == 0, "\(kept.stdout)\(kept.stderr)")
            #expect(kept.stdout.contains("12 passed"), "\(kept.stdout)")
            #expect(try DatabaseServers.testDatabases(server, project: project) == names)
        }
        let dropping = try Harness.fanout(arguments)
        #expect(dropping.exitCode == 0, "\(dropping.stdout)\(dropping.stderr)")
        #expect(try DatabaseServers.testDatabases(server, project: project) == [], "a kept database was not dropped")
    }

    /// Ctrl-C kills the batches' process groups while a slot may be making its clone: the server finishes a
    /// CREATE DATABASE whose client is gone, and the drop must still find and remove it.
    @Test(arguments: ["postgresql", "mariadb"])
    func ctrlCWhileClonesAreMadeLeavesNoDatabase(server: String) throws {
        let project = try project(server)
        defer { try? FileManager.default.removeItem(atPath: project) }
        let running = try Harness.start(
            Harness.fanoutPath, ["run", project, "-n", "2", "--python", TestHosts.python])
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, (try? DatabaseServers.testDatabases(server))?.isEmpty ?? true { usleep(20_000) }
        kill(running.process.processIdentifier, SIGINT)
        let run = Harness.finish(running)
        #expect(run.stdout.contains("interrupted"), "\(run.stdout)\(run.stderr)")
        #expect(try DatabaseServers.testDatabases(server) == [], "a test database outlived the interrupted run")
    }

    @Test(arguments: ["postgresql", "mariadb"])
    func aServerThatIsNotThereIsOneClearErrorBeforeAnyTestRuns(server: String) throws {
        let project = try project(server, address: "127.0.0.1:9")  // the discard port: nothing listens
        defer { try? FileManager.default.removeItem(atPath: project) }
        let json = project + "/report.json"
        let run = try Harness.fanout(["run", project, "-n", "2", "--json", json, "--python", TestHosts.python])
        #expect(run.exitCode != 0, "\(run.stdout)")
        #expect(run.stdout.contains("database 'default'") && run.stdout.contains("at 127.0.0.1:9, user fanout"))
        #expect(run.stdout.contains("cannot be reached") && run.stdout.contains("so no test ran there"))
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.tests.isEmpty, "a test ran against a server that is not there")
        #expect(report.notRun.count == 4)
    }

    @Test(
        .enabled(if: TestHosts.apartAvailable, "needs Deploy/testhosts.sh up 5"),
        arguments: ["postgresql", "mariadb"])
    func twoHostsOfTwoSlotsShareOneServerWithATemplateEach(server: String) throws {
        // The servers listen on the test hosts' bridge address too (Deploy/databases.sh).
        let project = try project(server, address: "10.231.47.1")
        defer { try? FileManager.default.removeItem(atPath: project) }
        let json = project + "/report.json"
        let run = try Harness.fanout(
            ["run", project, "-n", "2", "--json", json] + TestHosts.runArguments(hosts: TestHosts.apart))
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        let outcomes = try outcomes(json)
        #expect(outcomes.count == 12 && Set(outcomes.values) == [.passed], "\(run.stdout)")
        let left = try DatabaseServers.testDatabases(server)
        #expect(left == [], "test databases were left: \(left)\n\(run.stdout)\(run.stderr)")
    }
}

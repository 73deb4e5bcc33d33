import FanoutCore
import FanoutReport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `[database]` for suites that are not Django's: Tests/Fixtures/database-url writes rows that collide when two
/// workers share a database. With a template built per host and a clone per slot it runs as plain pytest runs
/// it, on SQLite, PostgreSQL and MariaDB, locally and on two hosts of two slots, and leaves no database behind.
/// These run in DjangoDatabaseTests' serialized suite, one at a time on the shared servers.
extension DjangoDatabaseTests {

    func databaseURL(_ server: String, name: String, address: String = "127.0.0.1", port: Int? = nil) -> String {
        switch server {
        case "postgresql": "postgresql://fanout:fanout@\(address):\(port ?? 5432)/\(name)"
        case "mariadb": "mysql://fanout:fanout@\(address):\(port ?? 3306)/\(name)"
        default: "sqlite:///app.sqlite3"
        }
    }

    /// The database `suite`'s URL names on the shared servers: its own, so that what one test leaves behind is
    /// that test's failure and never the next one's.
    func databaseName(_ suite: String) -> String {
        "dburl_" + (suite.split(separator: "/").last ?? "").replacing("fanout-it-", with: "").lowercased()
    }

    /// The fixture with a `[database]` table whose template command is the fixture's schema.py, on `server`.
    func databaseTableSuite(
        _ server: String, address: String = "127.0.0.1", port: Int? = nil, extra: String = ""
    ) throws -> String {
        let suite = try Harness.copyOfSuite("Tests/Fixtures/database-url")
        let url = databaseURL(server, name: databaseName(suite), address: address, port: port)
        try """
        [database]
        url = "\(url)"
        template = ["\(TestHosts.python)", "schema.py"]
        inputs = ["schema.py"]
        \(extra)
        """.write(toFile: suite + "/fanout.toml", atomically: true, encoding: .utf8)
        return suite
    }

    /// What is left of the run's databases: on the server, or as files in the suite's `.fanout/databases`.
    func databasesLeft(_ server: String, _ suite: String) throws -> [String] {
        let files = suite + "/.fanout/databases"
        guard server != "sqlite" || FileManager.default.fileExists(atPath: files) else { return [] }
        return try DatabaseServers.testDatabases(
            server, project: files, prefix: server == "sqlite" ? "app" : databaseName(suite)
        )
        .filter { !$0.hasSuffix(".stamp") }
    }

    /// Plain pytest, in one process, against one database that schema.py built.
    func plainOutcomes(_ server: String, _ suite: String) throws -> [PytestJUnit.Key: String] {
        let url =
            server == "sqlite"
            ? "sqlite:///plain.sqlite3" : databaseURL(server, name: "plain_" + databaseName(suite))
        let client = DatabaseClient(url: try DatabaseURL(parsing: url))
        let environment = ["DATABASE_URL": url]
        func admin(_ sql: String) throws {
            guard server != "sqlite" else { return }
            let call = client.execute([sql])
            _ = try Harness.run("/usr/bin/env", call.arguments, directory: suite, environment: call.environment)
        }
        let plainDatabase = "plain_" + databaseName(suite)
        try admin(client.drop(plainDatabase))
        try admin(client.create(plainDatabase))
        defer { try? admin(client.drop(plainDatabase)) }
        let schema = try Harness.run(TestHosts.python, ["schema.py"], directory: suite, environment: environment)
        #expect(schema.exitCode == 0, "\(schema.stdout)\(schema.stderr)")
        let junit = suite + "/plain.xml"
        let plain = try Harness.run(
            TestHosts.python, ["-m", "pytest", "-q", "-p", "no:cacheprovider", "--junitxml", junit],
            directory: suite, environment: environment)
        #expect(plain.exitCode == 0, "\(plain.stdout)")
        return try PytestJUnit.outcomes(at: junit)
    }

    @Test(arguments: servers)
    func databaseTableCollidingWritesRunAsPlainPytestRunsThemOnTwoSlotsAndLeaveNoDatabase(server: String) throws {
        let suite = try databaseTableSuite(server)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let expected = try plainOutcomes(server, suite)
        #expect(expected.count == 13)
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--max-batch-files", "1", "--json", json])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("[database] 2 clones of"), "\(run.stdout)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(PytestJUnit.outcomes(of: report) == expected)
        #expect(Set(report.tests.compactMap { $0.worker?.slot }) == [1, 2], "both slots wrote rows")
        #expect(try databasesLeft(server, suite) == [], "a database was left: \(run.stdout)\(run.stderr)")
    }

    @Test(arguments: servers)
    func databaseTableKeepDBReusesTemplateAndClonesUntilTheSchemaChanges(server: String) throws {
        let suite = try databaseTableSuite(server)
        defer {
            _ = try? Harness.fanout(["run", suite, "-n", "2"])
            try? FileManager.default.removeItem(atPath: suite)
        }
        let arguments = ["run", suite, "-n", "2", "--keep-db"]
        let first = try Harness.fanout(arguments)
        #expect(first.exitCode == 0 && first.stdout.contains("[database] 2 clones of"), "\(first.stdout)")
        #expect(try databasesLeft(server, suite).count == 3, "template and two clones are kept")
        let second = try Harness.fanout(arguments)
        #expect(second.exitCode == 0 && second.stdout.contains("reusing the template and 2 clones"), "\(second.stdout)")
        try "\n# the schema changed\n".appendLine(to: suite + "/schema.py")
        let changed = try Harness.fanout(arguments)
        #expect(changed.exitCode == 0 && changed.stdout.contains("[database] 2 clones of"), "\(changed.stdout)")
        let dropping = try Harness.fanout(["run", suite, "-n", "2"])
        #expect(dropping.exitCode == 0, "\(dropping.stdout)")
        #expect(try databasesLeft(server, suite) == [], "a kept database was not dropped")
    }

    @Test func aCleanupLongerThanTheHeartbeatTimeoutStillDropsTheDatabases() throws {
        // The controller sends no heartbeats while it waits for agents to exit: a teardown of 12 s (past the 10 s
        // heartbeat timeout) must not make the agent's watchdog end it before the drop.
        let suite = try databaseTableSuite(
            "sqlite",
            extra: """
                [[worker_setup]]
                run = ["true"]
                teardown = ["sh", "-c", "sleep 12; touch teardown-done"]
                """)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let run = try Harness.fanout(["run", suite, "-n", "1"])
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: suite + "/teardown-done"), "\(run.stdout)\(run.stderr)")
        let left = try databasesLeft("sqlite", suite)
        #expect(left == [], "databases were left: \(left)\n\(run.stdout)\(run.stderr)")
    }

    @Test(arguments: ["postgresql", "mariadb"])
    func databaseTableAServerThatIsNotThereIsOneClearErrorBeforeAnyTestRuns(server: String) throws {
        let suite = try databaseTableSuite(server, port: 9)  // the discard port: nothing listens
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let run = try Harness.fanout(["run", suite, "-n", "2", "--json", json])
        #expect(run.exitCode == 3, "\(run.stdout)\(run.stderr)")
        #expect(
            run.stdout.contains(
                "the [database] server of "
                    + databaseURL(server, name: databaseName(suite), port: 9).replacing(":fanout@", with: ":***@"))
        )
        #expect(run.stdout.contains("cannot be used from local, so no test ran there"), "\(run.stdout)")
        #expect(!run.stdout.contains("fanout:fanout@"), "the password is not shown")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.tests.isEmpty && report.notRun.count == 7)
    }

    @Test(arguments: ["postgresql", "mariadb"])
    func databaseTableCtrlCWhileTheDatabasesAreMadeLeavesNone(server: String) throws {
        // A slow template command keeps the run in the middle of making its databases.
        let suite = try databaseTableSuite(server)
        defer { try? FileManager.default.removeItem(atPath: suite) }
        try "\nimport time\ntime.sleep(30)\n".appendLine(to: suite + "/schema.py")
        let running = try Harness.start(Harness.fanoutPath, ["run", suite, "-n", "2"])
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, (try? databasesLeft(server, suite))?.isEmpty ?? true { usleep(20_000) }
        kill(running.process.processIdentifier, SIGINT)
        let run = Harness.finish(running)
        #expect(run.stdout.contains("interrupted"), "\(run.stdout)\(run.stderr)")
        #expect(try databasesLeft(server, suite) == [], "a database outlived the interrupted run")
    }

    @Test(
        .enabled(if: TestHosts.apartAvailable, "needs Deploy/testhosts.sh up 5"),
        arguments: ["postgresql", "mariadb"])
    func databaseTableTwoHostsOfTwoSlotsShareOneServerWithATemplateEach(server: String) throws {
        // The servers listen on the test hosts' bridge address too (Deploy/databases.sh).
        let suite = try databaseTableSuite(server, address: "10.231.47.1")
        defer { try? FileManager.default.removeItem(atPath: suite) }
        let json = suite + "/report.json"
        let run = try Harness.fanout(
            ["run", suite, "--max-batch-files", "1", "--json", json] + TestHosts.runArguments(hosts: TestHosts.apart))
        #expect(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        let report = try JSONReportWriter.decode(Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(report.tests.count == 13 && report.tests.allSatisfy { $0.outcome == .passed }, "\(run.stdout)")
        if server == "postgresql" {
            // MariaDB's dump and loads may outlast the suite: then h4 runs it all and h5 is ended while it clones.
            #expect(Set(report.tests.compactMap { $0.worker?.host }) == Set(TestHosts.apart))
        }
        let left = try databasesLeft(server, suite)
        #expect(left == [], "databases were left: \(left)\n\(run.stdout)\(run.stderr)")
    }
}

extension String {
    /// Appends this text to the file at `path`.
    fileprivate func appendLine(to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(utf8))
    }
}

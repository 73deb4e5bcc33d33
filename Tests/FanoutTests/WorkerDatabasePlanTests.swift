import FanoutCore
import Testing

/// What a host makes of `[database]`: names that never collide, steps that never drop the user's database,
/// client calls that never put the password in argv.
@Suite struct WorkerDatabasePlanTests {
    func plan(_ url: String, template: [String] = [], host: String = "h1", slots: Int = 2) throws
        -> WorkerDatabasePlan
    {
        try WorkerDatabasePlan(
            spec: WorkerDatabaseSpec(url: url, template: template), host: host, slots: slots, workspace: "/ws")
    }

    @Test func namesAreServerSafeIdentifiersUniquePerHostAndSlot() {
        #expect(WorkerDatabaseNames.template(base: "app_test", host: "h1") == "app_test_fanout_tpl_h1")
        #expect(
            WorkerDatabaseNames.clone(base: "App-Test", host: "build.box-2", slot: 3) == "app_test_fanout_build_box_2_3"
        )
        let long = String(repeating: "inventory_service_", count: 5)
        let names = (1...12).map { WorkerDatabaseNames.clone(base: long, host: "ci-runner-17", slot: $0) }
        #expect(names.allSatisfy { $0.utf8.count <= WorkerDatabaseNames.maximumLength }, "\(names)")
        #expect(
            Set(names).count == 12
                && names.allSatisfy { $0.hasSuffix("_fanout_ci_runner_17_" + $0.split(separator: "_").last!) })
        #expect(
            WorkerDatabaseNames.clone(base: long, host: "h1", slot: 1)
                != WorkerDatabaseNames.clone(base: long + "x", host: "h1", slot: 1), "shortened names stay apart")
    }

    @Test func aBuiltTemplateIsMadeFilledClonedAndDroppedWithTheClones() throws {
        let plan = try plan("postgresql://u:pw@db/app_test", template: ["python3", "migrate.py"])
        #expect(plan.template == "app_test_fanout_tpl_h1")
        #expect(plan.clones == ["app_test_fanout_h1_1", "app_test_fanout_h1_2"])
        #expect(
            plan.setUpSteps == [
                .checkServer, .drop(plan.clones + [plan.template]), .createEmpty(plan.template),
                .buildTemplate(try DatabaseURL(parsing: "postgresql://u:pw@db/app_test_fanout_tpl_h1")),
                .clone(template: plan.template, clones: plan.clones),
            ])
        #expect(plan.tearDownSteps == [.drop(plan.made)] && plan.made.contains(plan.template))
        #expect(
            plan.environment(slot: 2) == [
                "DATABASE_URL": "postgresql://u:pw@db/app_test_fanout_h1_2", "FANOUT_DATABASE": "app_test_fanout_h1_2",
            ])
    }

    @Test func withoutATemplateCommandTheUsersDatabaseIsCopiedAndNeverDropped() throws {
        let plan = try plan("mysql://u@db/shop")
        #expect(plan.template == "shop")
        #expect(plan.setUpSteps == [.checkServer, .drop(plan.clones), .clone(template: "shop", clones: plan.clones)])
        #expect(!plan.made.contains("shop"))
    }

    @Test func sqliteClonesAreFilesUnderTheWorkspacesFanoutDirectory() throws {
        let copied = try plan("sqlite:///data/app.db")
        #expect(copied.template == "/ws/data/app.db")
        #expect(copied.clone(slot: 1) == "/ws/.fanout/databases/app_fanout_h1_1.db")
        #expect(copied.environment(slot: 1)["DATABASE_URL"] == "sqlite:////ws/.fanout/databases/app_fanout_h1_1.db")
        let built = try plan("sqlite:////srv/app", template: ["make", "schema"])
        #expect(built.template == "/ws/.fanout/databases/app_fanout_tpl_h1.sqlite3")
    }

    @Test func keptDatabasesServeAgainOnlyWhenTheStampMatchesAndAllAreThere() throws {
        let plan = try plan("postgresql://db/app", template: ["migrate"])
        let all = Set(plan.made)
        #expect(plan.canReuse(recordedStamp: "s", stamp: "s", existing: all.union(["other"])))
        #expect(!plan.canReuse(recordedStamp: "old", stamp: "s", existing: all))
        #expect(!plan.canReuse(recordedStamp: nil, stamp: "s", existing: all))
        #expect(!plan.canReuse(recordedStamp: "s", stamp: "s", existing: all.subtracting([plan.clone(slot: 2)])))
    }

    @Test func clientCallsCarryThePasswordInTheEnvironmentAndQuoteNames() throws {
        let postgres = DatabaseClient(url: try DatabaseURL(parsing: "postgresql://u:s3cret@db:5433/app"))
        let call = postgres.execute([postgres.createCopy("a\"b", template: "t")])
        #expect(call.arguments.last == "CREATE DATABASE \"a\"\"b\" TEMPLATE \"t\"")
        #expect(!call.arguments.contains { $0.contains("s3cret") })
        #expect(call.environment["PGPASSWORD"] == "s3cret" && call.environment["PGHOST"] == "db")
        #expect(call.environment["PGPORT"] == "5433" && call.environment["PGUSER"] == "u")
        #expect(postgres.drop("x") == "DROP DATABASE IF EXISTS \"x\" WITH (FORCE)")

        let mysql = DatabaseClient(url: try DatabaseURL(parsing: "mysql://u:s3cret@127.0.0.1/app"))
        #expect(mysql.drop("a`b") == "DROP DATABASE IF EXISTS `a``b`")
        let load = mysql.load("/ws/.fanout/databases/it's here.sql", into: "c1")
        #expect(load.arguments.prefix(4) == ["sh", "-c", "file=$1; shift; exec \"$@\" < \"$file\"", "sh"])
        #expect(load.arguments[4] == "/ws/.fanout/databases/it's here.sql" && load.arguments.last == "c1")
        #expect(load.arguments.contains("--protocol=TCP") && !load.arguments.contains { $0.contains("s3cret") })
        #expect(load.environment == ["MYSQL_PWD": "s3cret"])
        #expect(!mysql.dump("t", to: "/d.sql").arguments.contains { $0.hasPrefix("--connect-timeout") })
    }
}

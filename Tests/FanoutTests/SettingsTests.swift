import FanoutConfig
import FanoutCore
import FanoutFormats
import Foundation
import Testing

/// Decodes `text` as a fanout.toml.
private func decode(_ text: String) throws -> FanoutSettings {
    try SettingsDecoder(file: "fanout.toml", tableName: "fanout.toml").decode(
        TOMLParser.parse(text, file: "fanout.toml"))
}

@Suite struct SettingsTests {
    @Test func decodesEveryKnownKey() throws {
        let settings = try decode(
            """
            slots = 3
            adapter = "pytest"
            python = "python3.11"
            paths = ["tests"]
            exclude = ["tests/legacy"]
            args = ["-k", "not slow"]
            """)
        #expect(
            settings
                == FanoutSettings(
                    slots: 3, adapter: "pytest", python: "python3.11", paths: ["tests"], exclude: ["tests/legacy"],
                    args: ["-k", "not slow"], source: "fanout.toml"))
    }

    @Test func unknownKeyNamesFileLineKeyAndSuggestion() {
        let known = SettingsDecoder.knownKeys.keys.sorted().joined(separator: ", ")
        #expect(
            known.hasPrefix(
                "accept_new_host_keys, adapter, args, artifacts, batch_timeout, command, database, exclude, host_setup")
        )
        #expect(
            throws: ConfigError(
                file: "fanout.toml", line: 2,
                message: "unknown key 'slot' in fanout.toml (did you mean 'slots'?); known keys: \(known)")
        ) {
            try decode("adapter = \"pytest\"\nslot = 2\n")
        }
    }

    @Test func wrongTypesAreRejectedWithLine() {
        #expect(
            throws: ConfigError(
                file: "fanout.toml", line: 1,
                message: "key 'slots' in fanout.toml must be a positive integer, not a string")
        ) {
            try decode("slots = \"four\"\n")
        }
        #expect(
            throws: ConfigError(
                file: "fanout.toml", line: 1,
                message: "key 'slots' in fanout.toml must be a positive integer, not a integer")
        ) {
            try decode("slots = 0\n")
        }
        #expect(
            throws: ConfigError(
                file: "fanout.toml", line: 3,
                message: "key 'args' in fanout.toml must be an array of strings, but holds a integer")
        ) {
            try decode("args = [\n  \"-x\",\n  3,\n]\n")
        }
    }

    @Test func pyprojectToolFanoutIsReadWhenThereIsNoFanoutToml() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fanout-settings-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "[project]\nname = \"x\"\n\n[tool.fanout]\nslots = 2\nbogus = 1\n".write(
            toFile: directory + "/pyproject.toml", atomically: true, encoding: .utf8)
        #expect(throws: ConfigError.self) { try SettingsLoader.load(workspace: directory) }
        do {
            _ = try SettingsLoader.load(workspace: directory)
        } catch let error as ConfigError {
            #expect(error.line == 6)
            #expect(error.message.hasPrefix("unknown key 'bogus' in [tool.fanout]"))
        }
        try "slots = 5\n".write(toFile: directory + "/fanout.toml", atomically: true, encoding: .utf8)
        #expect(try SettingsLoader.load(workspace: directory).slots == 5)
    }
}

@Suite struct HostSettingsTests {
    @Test func isolatedEntriesWithCommandsAndTheirMistakes() throws {
        let settings = try decode(
            """
            [[isolated]]
            paths = ["tests/cluster/*.py"]
            setup = ["python3", "up.py"]
            teardown = ["python3", "down.py"]

            [[isolated]]
            marker = "exclusive"
            """)
        #expect(
            settings.isolated == [
                IsolatedSettings(
                    paths: ["tests/cluster/*.py"], setup: ["python3", "up.py"], teardown: ["python3", "down.py"],
                    line: 1),
                IsolatedSettings(marker: "exclusive", line: 6),
            ])
        #expect(
            throws: ConfigError(
                file: "fanout.toml", line: 1, message: "an [[isolated]] entry needs `paths` or `marker`")
        ) {
            try decode("[[isolated]]\nsetup = [\"up\"]\n")
        }
        #expect(throws: ConfigError.self) { try decode("[[isolated]]\npaths = [\"a.py\"]\nsetup = []\n") }
        let unknown = #expect(throws: ConfigError.self) {
            try decode("[[isolated]]\npaths = [\"a.py\"]\nsetpu = [\"x\"]\n")
        }
        #expect(unknown?.description.contains("did you mean 'setup'") == true)
    }

    @Test func workerSetupEntriesWithTeardownsAndTheirMistakes() throws {
        let settings = try decode(
            """
            [[worker_setup]]
            run = ["createdb", "app_test"]
            teardown = ["dropdb", "app_test"]

            [[worker_setup]]
            run = ["mkdir", "-p", "scratch"]
            """)
        #expect(
            settings.workerSetup == [
                WorkerSetupCommand(run: ["createdb", "app_test"], teardown: ["dropdb", "app_test"]),
                WorkerSetupCommand(run: ["mkdir", "-p", "scratch"]),
            ])
        #expect(
            throws: ConfigError(file: "fanout.toml", line: 1, message: "a [[worker_setup]] entry needs `run`")
        ) {
            try decode("[[worker_setup]]\nteardown = [\"rm\", \"x\"]\n")
        }
        #expect(throws: ConfigError.self) { try decode("[[worker_setup]]\nrun = []\n") }
        let unknown = #expect(throws: ConfigError.self) {
            try decode("[[worker_setup]]\nrun = [\"x\"]\nteardwn = [\"y\"]\n")
        }
        #expect(unknown?.description.contains("did you mean 'teardown'") == true)
    }

    @Test func aDatabaseTableAndItsMistakes() throws {
        let settings = try decode(
            """
            [database]
            url = "postgresql://app:secret@127.0.0.1/app_test"
            template = ["python3", "manage.py", "migrate"]
            inputs = ["migrations/**"]
            variable = "APP_DB"
            """)
        #expect(
            settings.database
                == WorkerDatabaseSpec(
                    url: "postgresql://app:secret@127.0.0.1/app_test", template: ["python3", "manage.py", "migrate"],
                    inputs: ["migrations/**"], variable: "APP_DB"))
        #expect(try decode("[database]\nurl = \"sqlite:///a.db\"\n").database?.variable == "DATABASE_URL")
        #expect(
            throws: ConfigError(
                file: "fanout.toml", line: 1, message: "[database] needs `url`: the database the tests use")
        ) {
            try decode("[database]\nvariable = \"X\"\n")
        }
        let scheme = #expect(throws: ConfigError.self) { try decode("[database]\n\nurl = \"redis://h/0\"\n") }
        #expect(scheme?.line == 3 && scheme?.message.contains("sqlite, postgresql or mysql") == true)
        #expect(throws: ConfigError.self) { try decode("[database]\nurl = \"sqlite:///a\"\nvariable = \"1X\"\n") }
    }

    @Test func hostsEntriesWithEveryField() throws {
        let settings = try decode(
            """
            known_hosts = "/etc/fanout/known_hosts"
            accept_new_host_keys = true

            [[hosts]]
            address = "10.0.0.5"
            user = "ci"
            port = 2222
            identity = "~/.ssh/ci_ed25519"
            slots = 8
            workspace = "/srv/fanout/ws"

            [[hosts]]
            name = "buildbox1"
            """)
        #expect(settings.knownHosts == "/etc/fanout/known_hosts")
        #expect(settings.acceptNewHostKeys == true)
        #expect(
            settings.hosts == [
                HostSettings(
                    name: "10.0.0.5", address: "10.0.0.5", user: "ci", port: 2222, identity: "~/.ssh/ci_ed25519",
                    slots: 8, workspace: "/srv/fanout/ws", line: 4),
                HostSettings(name: "buildbox1", line: 12),
            ])
    }

    @Test func badHostEntriesNameTheLine() {
        #expect(
            throws: ConfigError(
                file: "fanout.toml", line: 3,
                message: "key 'port' in [[hosts]] (line 1) must be an integer from 1 to 65535, not a integer")
        ) {
            try decode("[[hosts]]\naddress = \"a\"\nport = 70000\n")
        }
        #expect(
            throws: ConfigError(
                file: "fanout.toml", line: 2,
                message:
                    "unknown key 'adress' in [[hosts]] (line 1) (did you mean 'address'?); known keys: address, identity, name, port, slots, user, workspace"
            )
        ) {
            try decode("[[hosts]]\nadress = \"a\"\n")
        }
        #expect(
            throws: ConfigError(file: "fanout.toml", line: 1, message: "a [[hosts]] entry needs `address` or `name`")
        ) {
            try decode("[[hosts]]\nslots = 2\n")
        }
    }

    @Test func sshConfigFirstValueWinsAndIdentityFilesAccumulate() {
        let config = SSHConfigFile(
            parsing: """
                # comment
                Host buildbox*  !buildbox9
                    HostName 10.1.2.3
                    User ci
                    IdentityFile ~/.ssh/ci
                Host buildbox1
                    Port 2222
                    User ignored-because-first-wins
                    IdentityFile ~/.ssh/other
                Match host x
                    User matched
                Host *
                    User=fallback
                    Port 22
                """)
        let options = config.options(for: "buildbox1")
        #expect(options["hostname"] == ["10.1.2.3"])
        #expect(options["user"] == ["ci"])
        #expect(options["port"] == ["2222"])
        #expect(options["identityfile"] == ["~/.ssh/ci", "~/.ssh/other"])
        #expect(config.options(for: "buildbox9")["hostname"] == nil)
        #expect(config.options(for: "buildbox9")["user"] == ["fallback"])
        #expect(config.options(for: "x")["user"] == ["fallback"])
    }
}

@Suite struct SplitSettingTests {
    @Test func splitTakesAutoOffOrPatterns() throws {
        #expect(try decode("split = \"auto\"\n").split == ["auto"])
        #expect(
            try decode("split = [\"tests/test_big*.py\", \"tests/slow/**\"]\n").split == [
                "tests/test_big*.py", "tests/slow/**",
            ])
        #expect(
            throws: ConfigError(
                file: "fanout.toml", line: 1,
                message:
                    "key 'split' in fanout.toml must be \"auto\", \"off\" or an array of glob patterns, not a string")
        ) {
            try decode("split = \"sometimes\"\n")
        }
    }
}

import FanoutConfig
import Foundation
import Testing

@Suite struct SettingsTests {
    func decode(_ text: String) throws -> FanoutSettings {
        try SettingsDecoder(file: "fanout.toml", tableName: "fanout.toml").decode(
            TOMLParser.parse(text, file: "fanout.toml"))
    }

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
        #expect(
            throws: ConfigError(
                file: "fanout.toml", line: 2,
                message:
                    "unknown key 'slot' in fanout.toml (did you mean 'slots'?); known keys: adapter, args, exclude, paths, python, slots"
            )
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

import FanoutCore

/// The `[command]` table: the generic command adapter, for any tool that can list its tests and write JUnit XML.
///
/// ```toml
/// adapter = "command"
/// [command]
/// list = ["go", "list", "./..."]                      # prints one scope per line
/// run = ["gotestsum", "--junitfile", "{junit}", "--", "{tests}"]
/// ```
public struct CommandSettings: Sendable, Equatable {
    /// argv printing the scopes (what `{tests}` accepts), one per line.
    public var list: [String]
    /// argv running some scopes and writing a JUnit report to `{junit}`.
    public var run: [String]
    /// Joins the scopes when `{tests}` is part of a longer argument (`-run=^({tests})$`).
    public var separator: String?
    /// The `<testcase>` attribute naming a test's scope: `classname` (default), `file` or `name`.
    public var scopeAttribute: String?
    /// Test id template over `{classname}`, `{name}`, `{file}` (default `{classname}::{name}`).
    public var id: String?
    public var line: Int

    public init(
        list: [String] = [], run: [String] = [], separator: String? = nil, scopeAttribute: String? = nil,
        id: String? = nil, line: Int = 0
    ) {
        self.list = list
        self.run = run
        self.separator = separator
        self.scopeAttribute = scopeAttribute
        self.id = id
        self.line = line
    }

    /// This table as the spec agents run batches with, defaults filled in.
    public var spec: CommandSpec {
        CommandSpec(
            list: list, run: run, separator: separator ?? "|", scopeAttribute: scopeAttribute ?? "classname",
            idTemplate: id ?? "{classname}::{name}")
    }
}

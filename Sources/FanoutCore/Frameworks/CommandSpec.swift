/// How the generic command adapter runs a batch: an argv template and how to read its JUnit report.
public struct CommandSpec: Codable, Sendable, Equatable {
    /// argv printing the scopes, one per line (run by the controller to discover them).
    public var list: [String]
    /// argv with `{tests}` (the batch's scopes: one argument each when the whole argument is `{tests}`, else
    /// joined with `separator`) and `{junit}` (the path the command writes its JUnit XML report to).
    public var run: [String]
    public var separator: String
    /// The `<testcase>` attribute that names a test's scope: `classname`, `file` or `name`.
    public var scopeAttribute: String
    /// Test id template over `{classname}`, `{name}` and `{file}`.
    public var idTemplate: String

    public init(
        list: [String] = [], run: [String], separator: String = "|", scopeAttribute: String = "classname",
        idTemplate: String = "{classname}::{name}"
    ) {
        self.list = list
        self.run = run
        self.separator = separator
        self.scopeAttribute = scopeAttribute
        self.idTemplate = idTemplate
    }
}

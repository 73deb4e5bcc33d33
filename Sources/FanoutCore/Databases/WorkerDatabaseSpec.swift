/// `[database]`: the database a suite's tests reach through one environment variable (`DATABASE_URL`), which
/// Fanout gives every worker a clone of. Django's DATABASES need none of this: its adapter clones them itself.
public struct WorkerDatabaseSpec: Codable, Sendable, Equatable {
    /// The database the tests would use run alone (`postgresql://app:secret@127.0.0.1/app_test`).
    public var url: String
    /// argv that builds the template (migrations, a schema load), run once per host with `variable` naming
    /// the template; empty when the URL's own database, already built, is the template.
    public var template: [String]
    /// Globs of the files the template is built from: with `--keep-db`, template and clones are reused while
    /// these are unchanged.
    public var inputs: [String]
    /// The variable that carries the URL to the tests.
    public var variable: String

    public init(url: String, template: [String] = [], inputs: [String] = [], variable: String = "DATABASE_URL") {
        self.url = url
        self.template = template
        self.inputs = inputs
        self.variable = variable
    }
}

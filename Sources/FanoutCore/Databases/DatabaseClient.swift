/// The client calls and SQL that make, copy and drop databases on a PostgreSQL or MySQL/MariaDB server:
/// `psql` against the `postgres` maintenance database, `mysql` and `mysqldump` over TCP when a host is named.
public struct DatabaseClient: Sendable {
    public let url: DatabaseURL

    public init(url: DatabaseURL) {
        self.url = url
    }

    /// The client program, for messages about a missing one.
    public var program: String { url.engine == .postgresql ? "psql" : "mysql" }

    /// Runs `statements` in order, stopping at the first that fails.
    public func execute(_ statements: [String]) -> DatabaseClientCall {
        switch url.engine {
        case .postgresql:
            DatabaseClientCall(
                arguments: ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", "postgres"]
                    + statements.flatMap { ["-c", $0] },
                environment: postgresEnvironment)
        case .mysql, .sqlite:
            DatabaseClientCall(
                arguments: mysqlArguments("mysql") + ["-N", "-B", "-e", statements.joined(separator: ";\n")],
                environment: mysqlEnvironment)
        }
    }

    /// Prints, one per line, those of `names` that exist on the server.
    public func existing(_ names: [String]) -> DatabaseClientCall {
        let list = names.map { "'" + $0.replacing("'", with: "''") + "'" }.joined(separator: ", ")
        return url.engine == .postgresql
            ? execute(["SELECT datname FROM pg_database WHERE datname IN (\(list))"])
            : execute(["SELECT schema_name FROM information_schema.schemata WHERE schema_name IN (\(list))"])
    }

    public func drop(_ name: String) -> String {
        url.engine == .postgresql
            ? "DROP DATABASE IF EXISTS \(quoted(name)) WITH (FORCE)" : "DROP DATABASE IF EXISTS \(quoted(name))"
    }

    public func create(_ name: String) -> String { "CREATE DATABASE \(quoted(name))" }

    /// PostgreSQL copies a template at the file level, the fastest clone it has.
    public func createCopy(_ name: String, template: String) -> String {
        "CREATE DATABASE \(quoted(name)) TEMPLATE \(quoted(template))"
    }

    /// MySQL/MariaDB have no template: the template is dumped once per host, and the dump loaded per clone.
    public func dump(_ name: String, to path: String) -> DatabaseClientCall {
        DatabaseClientCall(
            arguments: mysqlArguments("mysqldump")
                + ["--single-transaction", "--routines", "--triggers", "--result-file=" + path, name],
            environment: mysqlEnvironment)
    }

    /// Loads the dump at `path` into `name`; the shell only redirects the file, with both as arguments.
    public func load(_ path: String, into name: String) -> DatabaseClientCall {
        DatabaseClientCall(
            arguments: ["sh", "-c", "file=$1; shift; exec \"$@\" < \"$file\"", "sh", path]
                + mysqlArguments("mysql") + [name],
            environment: mysqlEnvironment)
    }

    private func quoted(_ name: String) -> String {
        url.engine == .postgresql
            ? "\"" + name.replacing("\"", with: "\"\"") + "\"" : "`" + name.replacing("`", with: "``") + "`"
    }

    private var postgresEnvironment: [String: String] {
        var environment = ["PGCONNECT_TIMEOUT": "10"]
        environment["PGHOST"] = url.host
        environment["PGPORT"] = url.port.map(String.init)
        environment["PGUSER"] = url.user
        environment["PGPASSWORD"] = url.password
        return environment
    }

    private func mysqlArguments(_ program: String) -> [String] {
        // mysqldump has no --connect-timeout; it runs only after mysql has reached the server.
        var arguments = program == "mysql" ? [program, "--connect-timeout=10"] : [program]
        if let host = url.host { arguments += ["--protocol=TCP", "-h", host] }
        if let port = url.port { arguments += ["-P", String(port)] }
        if let user = url.user { arguments += ["-u", user] }
        return arguments
    }

    private var mysqlEnvironment: [String: String] {
        url.password.map { ["MYSQL_PWD": $0] } ?? [:]
    }
}

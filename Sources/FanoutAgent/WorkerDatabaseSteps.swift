import FanoutAdapters
import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Does one `WorkerDatabaseStep` on this host: with the server's client (`psql`, `mysql`, `mysqldump`) for
/// PostgreSQL and MySQL/MariaDB, with file copies for SQLite. Errors name the host, the URL (password hidden),
/// the step and what to do.
struct WorkerDatabaseSteps: Sendable {
    let plan: WorkerDatabasePlan
    /// The host's environment for the template command (the run's `--env`, `FANOUT_HOST`).
    let environment: [String: String]
    /// Hears the processes the end of the session may stop: the template command, and MySQL's dump and loads
    /// (long for a big schema; the server abandons a load whose client is gone). PostgreSQL's clone is short,
    /// and stopping it could leave the server making a database no drop would find, so it is waited for.
    var stoppableStarted: @Sendable (ChildProcess) -> Void = { _ in }

    var client: DatabaseClient { DatabaseClient(url: plan.url) }
    var shownURL: String { plan.url.redacted }

    func perform(_ step: WorkerDatabaseStep) throws {
        if plan.url.engine == .sqlite { return try performOnFiles(step) }
        switch step {
        case .checkServer:
            try call(client.execute(["SELECT 1"]), doing: "reaching the server") { said in
                "the [database] server of \(shownURL) cannot be used from \(plan.host), so no test ran there: "
                    + "\(said)\nStart the server, or fix the url's user, password, host and port in [database]."
            }
            let template = plan.template
            if !plan.buildsTemplate, try !existing([template]).contains(template) {
                throw AgentError(
                    "the [database] database \(template) does not exist on the server of \(shownURL), so \(plan.host) "
                        + "has nothing to clone: create and migrate it before the run, or give [database] a "
                        + "`template` command that builds it")
            }
        case .drop(let names):
            try call(client.execute(names.map(client.drop)), doing: "dropping \(names.joined(separator: ", "))")
        case .createEmpty(let name):
            try call(client.execute([client.create(name)]), doing: "creating the template \(name)")
        case .buildTemplate(let url):
            try buildTemplate(url)
        case .clone(let template, let clones):
            try clone(template, into: clones)
        }
    }

    /// Those of `names` (by default, what the plan makes) that exist now.
    func existing(_ names: [String]? = nil) throws -> Set<String> {
        let names = names ?? plan.made
        if plan.url.engine == .sqlite { return Set(names.filter { FileManager.default.fileExists(atPath: $0) }) }
        let output = try call(client.existing(names), doing: "listing databases")
        return Set(output.split(separator: "\n").map { String($0).trimmedWhitespaceAndNewlines() })
    }

    private func clone(_ template: String, into clones: [String]) throws {
        let failure: @Sendable (String) -> String = { [plan, shownURL] said in
            "cloning \(template) for the slots on \(plan.host) failed: \(said)\n"
                + (plan.url.engine == .postgresql
                    ? "PostgreSQL copies a template only while no one is connected to it: close its other sessions."
                    : "Check that the user of \(shownURL) may create databases.")
        }
        guard plan.url.engine == .mysql else {
            try call(
                client.execute(clones.map { client.createCopy($0, template: template) }), doing: "cloning",
                failure: failure)
            return
        }
        try? FileManager.default.createDirectory(atPath: plan.databaseDirectory, withIntermediateDirectories: true)
        let dump = PathText.join(plan.databaseDirectory, "\(plan.host)-\(template).sql")
        defer { try? FileManager.default.removeItem(atPath: dump) }
        try call(client.dump(template, to: dump), doing: "dumping \(template)", stoppable: true, failure: failure)
        try call(client.execute(clones.map(client.create)), doing: "creating the clones", failure: failure)
        try loadAtOnce(dump, into: clones, failure: failure)
    }

    /// Loads the dump into every clone at the same time: the server takes them in parallel (a template of 400
    /// tables: making it and 2 clones took 14.5-21.6 s with the loads in turn, 12.3-17.9 s at once, on 2 cores).
    private func loadAtOnce(_ dump: String, into clones: [String], failure: @escaping @Sendable (String) -> String)
        throws
    {
        let errors = Mailbox<(any Error)?>()
        for clone in clones {
            Threads.start("fanout-database-load") { [self] in
                do {
                    try call(
                        client.load(dump, into: clone), doing: "loading \(clone)", stoppable: true, failure: failure)
                    errors.post(nil)
                } catch {
                    errors.post(error)
                }
            }
        }
        let failures = clones.compactMap { _ in errors.take() ?? nil }
        if let first = failures.first { throw first }
    }

    func buildTemplate(_ url: DatabaseURL) throws {
        var environment = self.environment
        environment[plan.spec.variable] = url.text
        environment["FANOUT_DATABASE"] = url.name
        let shown = plan.spec.template.joined(separator: " ")
        let ending: CapturedCommand.Ending
        do {
            ending = try CapturedCommand.run(
                plan.spec.template, workspace: plan.workspace, environment: environment, timeout: nil,
                started: stoppableStarted)
        } catch {
            throw AgentError("[database] template `\(shown)` could not start on \(plan.host): \(error)")
        }
        guard ending.termination == .exited(0) else {
            throw AgentError(
                "[database] template `\(shown)` failed on \(plan.host) (\(HostSetup.phrase(ending.termination))) "
                    + "building \(url.redacted); the host is left out. Its output ends:\n\(ending.output.lastLines(40))"
            )
        }
    }

    /// Runs a client call; its output, or an error naming the step (or `failure` of what the client said).
    @discardableResult
    private func call(
        _ call: DatabaseClientCall, doing step: String, stoppable: Bool = false,
        failure: (@Sendable (String) -> String)? = nil
    ) throws -> String {
        var environment = self.environment
        environment.merge(call.environment) { _, new in new }
        let ending: CapturedCommand.Ending
        do {
            ending = try CapturedCommand.run(
                call.arguments, workspace: plan.workspace, environment: environment, timeout: 300,
                started: stoppable ? stoppableStarted : { _ in })
        } catch {
            throw AgentError(
                "`\(call.arguments[0])` could not start on \(plan.host) (\(error)): [database] \(shownURL) needs the "
                    + "server's client there (Debian: apt-get install \(clientPackage)).")
        }
        let said = ending.output.lastLines(12).trimmedWhitespaceAndNewlines()
        guard ending.termination == .exited(0), !ending.timedOut else {
            let detail = ending.timedOut ? "no answer in 300 s" : said.isEmpty ? "\(ending.termination)" : said
            throw AgentError(
                failure?(detail) ?? "[database] \(shownURL) on \(plan.host): \(step) failed: \(detail)")
        }
        return ending.output.text
    }

    private var clientPackage: String {
        plan.url.engine == .postgresql ? "postgresql-client" : "mariadb-client"
    }
}

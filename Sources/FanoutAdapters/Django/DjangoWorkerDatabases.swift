import FanoutCore
import FanoutPosix
import FoundationEssentials

/// The agent's side of Django's per-worker test databases (fanout_django_databases.py has the rest): which clone a
/// slot's batches use, where the host's slots keep their lock and ledger, the check of the servers before any
/// batch, and the drop at the session's end.
enum DjangoWorkerDatabases {
    typealias Script = (arguments: [String], environment: [String: String])

    /// The directory the slots of this agent share for the databases' lock and ledger.
    static func stateDirectory(_ context: SlotContext) -> String {
        PathText.join(context.supportDirectory, "databases")
    }

    /// What a batch's Django runner needs to find its slot's clone.
    static func environment(_ context: SlotContext) -> [String: String] {
        [
            "FANOUT_DB_STATE": stateDirectory(context), "FANOUT_DB_HOST": context.worker.host,
            "FANOUT_DB_SLOT": String(context.worker.slot), "FANOUT_KEEP_DB": context.keepDatabases ? "1" : "0",
        ]
    }

    /// Whether every database server the settings name accepts the user; what to tell the user when not.
    static func check(_ context: SlotContext, script: Script) -> String? {
        let host = context.worker.host
        return run(script, step: "FANOUT_DB_CHECK", in: context) { output in
            "the test databases cannot be used from \(host), so no test ran there: \(output)Start the server, or "
                + "fix DATABASES in the project's settings (user, password, HOST, PORT)."
        }
    }

    /// Drops the clones and templates this agent's batches made (none when the run keeps them). Returns what
    /// went wrong, nil when nothing did.
    static func drop(_ context: SlotContext, script: Script) -> String? {
        let ledger = PathText.join(stateDirectory(context), "ledger.json")
        guard !context.keepDatabases, FileManager.default.fileExists(atPath: ledger) else { return nil }
        let host = context.worker.host
        return run(script, step: "FANOUT_DB_DROP", in: context) { output in
            "dropping the per-worker test databases on \(host) failed; drop the test_*_\(host)* databases by hand. "
                + output
        }
    }

    /// Runs the script with `step` asked for; nil when it succeeded, else `failure` of the end of its output.
    private static func run(
        _ script: Script, step: String, in context: SlotContext, failure: (String) -> String
    ) -> String? {
        var environment = script.environment
        environment[step] = "1"
        do {
            let (termination, output) = try CapturedCommand.run(
                script.arguments, workspace: context.workspace, environment: environment)
            guard termination != .exited(0) else { return nil }
            let said = output.lastLines(12).trimmedWhitespaceAndNewlines()
            return failure(said.isEmpty ? "(\(termination), no output) " : said + "\n")
        } catch {
            return failure("could not start \(script.arguments.first ?? "python"): \(error). ")
        }
    }
}

import FanoutCore

/// Any tool that lists its scopes and writes JUnit XML (`[command]` in the config): scopes are the lines its
/// `list` command prints; it knows a scope's tests only from the report of a batch that ran it.
public struct CommandFramework: Framework {
    public var name: String { "command" }
    /// The `[command]` table of the config: what to run, and the template that shapes test ids.
    public let command: CommandSpec?
    public var ids: any TestIDFormat {
        CommandTestIDs(template: command?.idTemplate ?? CommandSpec(run: []).idTemplate)
    }

    public init(command: CommandSpec? = nil) {
        self.command = command
    }

    /// Chosen by its `[command]` table, never by the look of a workspace.
    public func claim(_ workspace: String) -> WorkspaceClaim { .none }

    public func discover(_ request: DiscoveryRequest) throws -> [DiscoveredScope] {
        try CommandDiscovery(list: command?.list ?? []).discover(workspace: request.workspace)
    }

    public var collectsTests: Bool { false }

    public func collectTests(_ request: CollectionRequest) throws -> [String: [String]] {
        throw DiscoveryError("the command adapter cannot list a scope's tests, so it cannot split scopes")
    }

    public var reportsTestsAsTheyRun: Bool { false }

    public func runner() throws -> any BatchRunning {
        guard let spec = command else {
            throw DiscoveryError(
                "adapter 'command' needs a [command] table with `list` and `run` in fanout.toml (see "
                    + "Config/fanout.example.toml)")
        }
        return CommandBatchRunner(spec: spec)
    }
}

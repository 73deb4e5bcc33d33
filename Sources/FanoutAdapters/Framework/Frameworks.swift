import FanoutCore

/// Every framework Fanout runs. Adding one is a folder beside the others and one line in `all`.
public enum Frameworks {
    /// In the order detection prefers them on equal claims; `command` is the run's `[command]` table, if any.
    public static func all(command: CommandSpec? = nil) -> [any Framework] {
        [
            PytestFramework(),
            UnittestFramework(),
            DjangoFramework(),
            RegrtestFramework(),
            SwiftFramework(),
            CommandFramework(command: command),
        ]
    }

    /// The names users can configure.
    public static var names: [String] { all().map(\.name) }

    public static func named(_ name: String, command: CommandSpec? = nil) -> (any Framework)? {
        all(command: command).first { $0.name == name }
    }

    /// The framework of a workspace whose run names none: the strongest claim, the first registered among equals;
    /// failing any claim, the first that can run the workspace anyway.
    public static func detect(workspace: String) -> (any Framework)? {
        var best: (framework: any Framework, claim: WorkspaceClaim)?
        for framework in all() {
            let claim = framework.claim(workspace)
            if claim > (best?.claim ?? .none) { best = (framework, claim) }
        }
        return best?.framework ?? all().first { $0.canRunUnclaimed(workspace) }
    }
}

import FanoutAdapters
import FanoutConfig
import FanoutController
import FoundationEssentials

/// Which framework a run or a plan uses: `--adapter`, else the config's `adapter`, else `command` when the config
/// has a `[command]` table, else the one the workspace looks like.
enum AdapterChoice {
    static func resolve(flag: String?, settings: FanoutSettings, workspace root: String) throws -> any Framework {
        let command = settings.command?.spec
        guard
            let name = flag ?? settings.adapter ?? (command != nil ? "command" : nil)
                ?? Frameworks.detect(workspace: root)?.name
        else {
            throw ControllerError(
                "no adapter fits \(root): it has no Python tests or config; pass --adapter or set `adapter` in "
                    + "fanout.toml")
        }
        guard let framework = Frameworks.named(name, command: command) else {
            let source = flag != nil ? "--adapter" : (settings.source ?? "config")
            throw ControllerError(
                "unknown adapter '\(name)' (from \(source)); known adapters: \(Frameworks.names.joined(separator: ", "))"
            )
        }
        _ = try framework.runner()  // says what the configuration lacks (the command adapter's [command])
        return framework
    }
}

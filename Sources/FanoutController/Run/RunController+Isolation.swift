import FanoutAdapters
import FanoutCore
import FanoutPosix
import Foundation

/// Isolated scopes on the controller's side: running their setup and teardown commands.
extension RunController {
    /// Starts the setup or teardown command of `scope` on its own thread; its end comes back through the
    /// mailbox as coordinator input.
    func startIsolationCommand(_ kind: IsolationCommand.Kind, scope: String) {
        let mailbox = self.mailbox
        let hosts = roster.joined.sorted()
        let rule = isolationRules.rule(for: scope)
        guard let arguments = kind == .setup ? rule?.setup : rule?.teardown else {
            mailbox.post(.isolationCommandFinished(kind: kind, scope: scope, succeeded: true, detail: "no command"))
            return
        }
        let command = IsolationCommand(
            kind: kind, scope: scope, arguments: arguments, workspace: options.workspace,
            environment: [
                "FANOUT_ISOLATED_SCOPE": scope, "FANOUT_RUN_ID": options.runID, "FANOUT_WORKSPACE": options.workspace,
                "FANOUT_HOSTS": hosts.joined(separator: ","),
            ])
        Threads.start("fanout-\(kind.rawValue)") {
            let (succeeded, detail) = command.run()
            mailbox.post(.isolationCommandFinished(kind: kind, scope: scope, succeeded: succeeded, detail: detail))
        }
    }
}

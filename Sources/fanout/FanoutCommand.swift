import ArgumentParser
import FanoutPosix
import Foundation

/// `fanout`: run one test suite across slots and hosts, with one report.
@main
struct FanoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fanout",
        abstract: "Run a test suite across many slots and hosts, with one report.",
        version: FanoutVersionText.full,
        subcommands: [
            RunCommand.self, PlanCommand.self, HostsCommand.self, SimulateCommand.self, RshCommand.self,
            ReportCommand.self, HistoryCommand.self,
        ])

    /// Exit codes follow pytest: a command-line mistake is a usage error (4), not ArgumentParser's 64.
    static func main() {
        StandardStream.protectProcess()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                Foundation.exit(0)
            }
            if !message.isEmpty { StandardStream.error.write(message + "\n") }
            let isParseError = code == .validationFailure || code.rawValue == 64
            Foundation.exit(isParseError ? 4 : code.rawValue)
        }
    }
}

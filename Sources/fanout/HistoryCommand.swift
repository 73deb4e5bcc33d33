import ArgumentParser
import FanoutController
import FanoutCore
import FanoutPosix
import FanoutReport
import Foundation

/// `fanout history`: what the workspace's `.fanout/history.json` has learned.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Show or prune the durations and outcomes learned from earlier runs.",
        subcommands: [HistoryShowCommand.self, HistoryPruneCommand.self])

    /// The history of `workspace`, or exit 4 with the reason it cannot be used.
    static func load(_ workspace: String) -> (HistoryStore, History) {
        let root = URL(fileURLWithPath: workspace).standardizedFileURL.path
        let store = HistoryStore(workspace: root)
        guard FileManager.default.fileExists(atPath: store.path) else {
            StandardStream.error.write(
                "fanout: error: no history at \(store.path): a `fanout run` there records one\n")
            Foundation.exit(FanoutCore.ExitCode.usageError.rawValue)
        }
        let (history, notice) = store.load()
        if let notice {
            StandardStream.error.write("fanout: error: \(notice)\n")
            Foundation.exit(FanoutCore.ExitCode.usageError.rawValue)
        }
        return (store, history)
    }
}

/// `fanout history show`.
struct HistoryShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "The slowest, flakiest and most failing tests, and the trend of the suite's wall time.")

    @Argument(help: "Workspace (default: the current directory).")
    var workspace: String = "."

    @Option(help: "Tests per list.")
    var top = 10

    @Option(help: "Recent runs in the trend.")
    var runs = 20

    func run() throws {
        let (store, history) = HistoryCommand.load(workspace)
        let digest = HistoryDigest(history, count: max(0, top), runs: max(0, runs))
        StandardStream.output.write(HistoryShowText(digest: digest, path: store.path).render())
    }
}

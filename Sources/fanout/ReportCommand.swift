import ArgumentParser

/// `fanout report`: commands about reports already written.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Work with JSON reports of earlier runs.",
        subcommands: [ReportMergeCommand.self])
}

import ArgumentParser
import FanoutAdapters
import FanoutCore
import FanoutPosix
import FanoutReport
import Foundation

/// `fanout report merge`: the JSON reports of a CI matrix's shards as one report.
struct ReportMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the JSON reports of a CI matrix's shards into one report.",
        discussion: """
            Refuses, naming the ids, when a test is in two reports or, for --shard I/N reports, when a shard is \
            missing or given twice, the shards ran different plans, or a file or test of the suite is in none of \
            them. Exits with the merged run's code (0 passed, 1 failures, 2 interrupted, 5 no tests); 4 when the \
            reports cannot be read or merged; 3 when a merged report cannot be written (the others still are).
            """)

    @Argument(help: "The JSON reports (`fanout run --json`) to merge.")
    var reports: [String]

    @Option(name: .customLong("json"), help: "Write the merged JSON report to this path.")
    var jsonPath: String?

    @Option(name: .customLong("junit-xml"), help: "Write the merged JUnit XML report to this path.")
    var junitPath: String?

    @Option(name: .customLong("html"), help: "Write the merged self-contained HTML report to this path.")
    var htmlPath: String?

    @Flag(name: .shortAndLong, help: "Print only the last summary line.")
    var quiet = false

    func validate() throws {
        if reports.isEmpty { throw ValidationError("name at least one report to merge") }
    }

    func run() throws {
        let inputs = reports.map { path in NamedReport(name: path, report: read(path)) }
        let merged: RunReport
        do {
            merged = try ReportMerger(inputs).merge()
        } catch {
            fail("\(error)")
        }
        var sinks: [FileReportSink] = []
        if let jsonPath { sinks.append(FileReportSink(format: .json, path: jsonPath)) }
        if let htmlPath { sinks.append(FileReportSink(format: .html, path: htmlPath)) }
        if let junitPath {
            guard let framework = Frameworks.named(merged.adapter) else {
                fail("no JUnit names for framework \(merged.adapter): write the JSON report only")
            }
            sinks.append(FileReportSink(format: .junit(framework.ids), path: junitPath))
        }
        // As after a run: a report that cannot be written is named, the others are still written, and the exit is 3.
        var unwritten = false
        for var sink in sinks {
            do {
                try sink.handle(.finished(merged))
            } catch {
                StandardStream.error.write("fanout: error: \(error)\n")
                unwritten = true
            }
        }
        summarize(merged)
        if unwritten { throw ArgumentParser.ExitCode(FanoutCore.ExitCode.internalError.rawValue) }
        if merged.exitCode != .allPassed { throw ArgumentParser.ExitCode(merged.exitCode.rawValue) }
    }

    private func summarize(_ report: RunReport) {
        var lines: [String] = []
        var console = ConsoleReporter(style: ConsoleStyle.forStandardOutput()) { lines.append($0) }
        console.handle(.finished(report))
        let text = quiet ? (lines.last ?? "") : lines.joined()
        let sources = reports.count == 1 ? "1 report" : "\(reports.count) reports"
        StandardStream.output.write("fanout: merged \(report.counts.total) tests from \(sources)\n" + text)
    }

    private func read(_ path: String) -> RunReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            fail(
                "cannot read report \(path): \(FileManager.default.fileExists(atPath: path) ? "unreadable" : "no such file")"
            )
        }
        do {
            return try JSONReportWriter.decode(data)
        } catch {
            fail("\(path) is not a Fanout JSON report (`fanout run --json`): \(error)")
        }
    }

    private func fail(_ message: String) -> Never {
        StandardStream.error.write("fanout: error: \(message)\n")
        Foundation.exit(FanoutCore.ExitCode.usageError.rawValue)
    }
}

import FanoutCore
import FanoutPosix
import Foundation

/// Writes the JSON and JUnit reports when the run finishes, to a temporary file renamed into place, so an
/// existing report is never left half-written.
public struct FileReportSink: RunReporter {
    public enum Format: Sendable {
        case json
        /// JUnit XML, with tests named as their framework's own JUnit output names them.
        case junit(any TestIDFormat)
        /// One self-contained HTML page with the timeline, failures, flaky and slowest tests and hosts.
        case html
    }

    public let format: Format
    public let path: String

    public init(format: Format, path: String) {
        self.format = format
        self.path = path
    }

    public mutating func handle(_ event: RunEvent) throws {
        guard case .finished(let report) = event else { return }
        let data: Data
        switch format {
        case .json: data = try JSONReportWriter().render(report)
        case .junit(let ids): data = Data(JUnitReportWriter(ids: ids).render(report).utf8)
        case .html: data = Data(try HTMLReportWriter().render(report).utf8)
        }
        do {
            try AtomicFile.write(data, to: path)
        } catch {
            throw ReportError(
                "the \(formatName) report was not written: \(error); free space there or "
                    + "name another path")
        }
    }
}

extension FileReportSink {
    var formatName: String {
        switch format {
        case .json: "JSON"
        case .junit: "JUnit XML"
        case .html: "HTML"
        }
    }
}

/// A report could not be produced.
public struct ReportError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

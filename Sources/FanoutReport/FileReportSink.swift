import FanoutCore
import Foundation

/// Writes the JSON and JUnit reports when the run finishes, to a temporary file renamed into place, so an
/// existing report is never left half-written.
public struct FileReportSink: RunReporter {
    public enum Format: Sendable { case json, junit }

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
        case .junit: data = Data(JUnitReportWriter().render(report).utf8)
        }
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw ReportError(
                "cannot write the \(format == .json ? "JSON" : "JUnit XML") report to \(path): "
                    + error.localizedDescription)
        }
    }
}

/// A report could not be produced.
public struct ReportError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

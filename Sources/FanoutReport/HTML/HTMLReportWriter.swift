import FanoutCore
import Foundation

/// Renders a run as one self-contained HTML file (`--html`): the page, its style and its script are the
/// repository's `fanout_report.*` files, embedded at build time; the run goes in as JSON the script draws.
public struct HTMLReportWriter: Sendable {
    public init() {}

    public func render(_ report: RunReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(HTMLReportModel(report)), as: UTF8.self)
        return Self.page(data: json)
    }

    /// The page with `data` (the model's JSON) in its data element. `<` is escaped in the JSON (it only occurs
    /// inside strings there), so no test id or output can end the script element or open a comment.
    static func page(data: String) -> String {
        let safe = data.replacing("<", with: "\\u003c")
        // Placeholders are replaced in one pass, so a placeholder's text inside the data stays data.
        var page = ""
        var rest = Substring(EmbeddedAssets.fanoutReportHtml.text)
        let parts: [(String, String)] = [
            ("/*FANOUT_CSS*/", EmbeddedAssets.fanoutReportCss.text), ("/*FANOUT_DATA*/", safe),
            ("/*FANOUT_JS*/", EmbeddedAssets.fanoutReportJs.text),
        ]
        for (placeholder, text) in parts {
            guard let range = rest.range(of: placeholder) else { continue }
            page += rest[..<range.lowerBound] + text
            rest = rest[range.upperBound...]
        }
        return page + rest
    }
}

import Foundation

/// ANSI styling, used only when the console is a terminal.
public struct ConsoleStyle: Sendable {
    public let enabled: Bool

    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Styled when standard output is a terminal and NO_COLOR (no-color.org) is unset or empty.
    public static func forStandardOutput() -> ConsoleStyle {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return ConsoleStyle(enabled: isatty(STDOUT_FILENO) == 1 && !noColor)
    }

    public func red(_ text: String) -> String { wrap(text, "31") }
    public func green(_ text: String) -> String { wrap(text, "32") }
    public func yellow(_ text: String) -> String { wrap(text, "33") }
    public func bold(_ text: String) -> String { wrap(text, "1") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// Lines a reporter wrote, gathered to be written in one piece with the status around them.
final class LineBuffer: @unchecked Sendable {
    private var text = ""

    func append(_ line: String) { text += line }

    func take() -> String {
        defer { text = "" }
        return text
    }
}

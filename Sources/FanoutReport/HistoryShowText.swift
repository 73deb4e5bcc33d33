import FanoutCore

/// `fanout history show` as text: the lists of a `HistoryDigest` and a bar per recent run.
public struct HistoryShowText: Sendable {
    public let digest: HistoryDigest
    /// Where the history was read from, for the heading.
    public let path: String

    public init(digest: HistoryDigest, path: String) {
        self.digest = digest
        self.path = path
    }

    public func render() -> String {
        var text = "history \(path): \(digest.testCount) tests in \(digest.scopeCount) files, "
        text += "\(digest.runs.count) recent runs\n"
        text += section("slowest tests (expected seconds)", digest.slowest) {
            NumberText.fixed($0.value, digits: 2) + "s"
        }
        text += section("flakiest tests (passed on a retry, or flipped between pass and fail)", digest.flakiest) {
            "\(Int($0.value)) of \($0.runs) runs"
        }
        text += section("most failing tests", digest.mostFailing) { "\(Int($0.value)) of \($0.runs) runs" }
        text += trend()
        return text
    }

    private func section(
        _ title: String, _ entries: [HistoryDigest.Entry], value: (HistoryDigest.Entry) -> String
    ) -> String {
        guard !entries.isEmpty else { return "\n\(title): none\n" }
        let values = entries.map(value)
        let width = values.map(\.count).max() ?? 0
        return "\n\(title):\n"
            + zip(values, entries).map { "  " + pad($0, width) + "  " + $1.id + "\n" }.joined()
    }

    /// One line per run with a bar scaled to the longest whole-suite run: a slower suite shows as longer bars.
    private func trend() -> String {
        guard !digest.runs.isEmpty else { return "\nwall time of recent runs: none recorded yet\n" }
        let longest = digest.runs.map(\.wall).max() ?? 1
        var text = "\nwall time of recent runs (oldest first; * a shard or --lf, not the whole suite):\n"
        for run in digest.runs {
            let bar = String(repeating: "#", count: max(1, Int((run.wall / max(longest, 0.001) * 40).rounded())))
            let when = String(ISOTimestamp.format(run.startedAt).dropLast(4)).replacing("T", with: " ")
            let wall = pad(NumberText.fixed(run.wall, digits: 1) + "s", 8)
            let tests = pad("\(run.tests) tests", 12)
            let failed = pad("\(run.failures) failed", 10)
            text +=
                "  \(when)  \(wall) \(tests) \(failed) \(pad("\(run.slots) slots", 9)) \(run.whole ? " " : "*")\(bar)\n"
        }
        return text
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}

import Foundation

/// A pytest file whose parametrize ids are random strings full of shell metacharacters, quotes, pytest id
/// syntax, control characters and non-ASCII, and the ids pytest itself collects from it.
enum HostileSuite {
    static let pieces = [
        " ", "$", "$(touch PWNED)", "`touch PWNED`", ";", "&&", "|", "'", "\"", "\\", "*", "?", "~", "#", "!", "<",
        ">", "{", "}", "-", "--", "=", ":", "::", "[", "]", "/", "..", "%s", "{tests}", "é", "日本", "😀", "\t", "\n",
        "\u{1B}[31m", "a", "Z", "0",
    ]

    /// Writes `test_hostile_ids.py` with `count` tests into `directory` and returns pytest's own node ids.
    static func write(into directory: String, count: Int = 40, seed: UInt64 = 7) throws -> [String] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var ids = Set<String>()
        while ids.count < count {
            ids.insert((0...next(6)).map { _ in pieces[next(pieces.count)] }.joined())
        }
        let literal = ids.sorted().map { id in
            "\"" + id.unicodeScalars.map { "\\U" + String(format: "%08x", $0.value) }.joined() + "\""
        }
        try """
        import pytest

        IDS = [\(literal.joined(separator: ", "))]


        @pytest.mark.parametrize("n", range(len(IDS)), ids=IDS)
        def test_hostile(n):
            pass

        """.write(toFile: directory + "/test_hostile_ids.py", atomically: true, encoding: .utf8)
        let listed = try Harness.run(
            "python3", ["-m", "pytest", "-q", "--collect-only", "-p", "no:cacheprovider", "test_hostile_ids.py"],
            directory: directory)
        return listed.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("test_hostile_ids.py::") }
    }
}

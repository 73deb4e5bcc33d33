import Foundation

/// JUnit `classname` and `name` for a test id, as pytest's junitxml derives them from a node id, so that
/// CI dashboards show the same names for a Fanout run as for a plain pytest run.
public enum JUnitNaming {
    /// `tests/test_x.py::TestA::test_b[1]` gives (`tests.test_x.TestA`, `test_b[1]`).
    public static func names(for testID: String) -> (classname: String, name: String) {
        let bracket = testID.firstIndex(of: "[")
        let path = bracket.map { String(testID[..<$0]) } ?? testID
        let params = bracket.map { String(testID[$0...]) } ?? ""
        var parts = path.components(separatedBy: "::")
        var file = parts[0].replacingOccurrences(of: "/", with: ".")
        if file.hasSuffix(".py") { file.removeLast(3) }
        parts[0] = file
        parts[parts.count - 1] += params
        return (parts.dropLast().joined(separator: "."), parts[parts.count - 1])
    }
}

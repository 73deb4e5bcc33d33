import FanoutCore

/// pytest's node ids: `tests/test_x.py::TestA::test_b[1]`, relative to pytest's rootdir (Fanout's scopes are
/// relative to the workspace); a file's collection error carries the file's own id.
struct PytestNodeIDs: TestIDFormat {
    /// As pytest's junitxml derives them: `tests/test_x.py::TestA::test_b[1]` gives (`tests.test_x.TestA`,
    /// `test_b[1]`); a file's own id gives an empty classname.
    func junitName(of testID: String, scope: String) -> JUnitName {
        let bracket = testID.firstIndex(of: "[")
        let path = bracket.map { String(testID[..<$0]) } ?? testID
        let params = bracket.map { String(testID[$0...]) } ?? ""
        var parts = path.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        var file = parts[0].replacing("/", with: ".")
        if file.hasSuffix(".py") { file.removeLast(3) }
        parts[0] = file
        parts[parts.count - 1] += params
        return JUnitName(classname: parts.dropLast().joined(separator: "."), name: parts[parts.count - 1])
    }

    /// `id` with its file part replaced by `scope`, so that pytest finds it whatever directory its ids are relative
    /// to; nil for an id that names no test in the file (a file's own id).
    static func inScope(_ id: String, scope: String) -> String? {
        guard let separator = id.firstRange(of: "::") else { return nil }
        return scope + String(id[separator.lowerBound...])
    }
}

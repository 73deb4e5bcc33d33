import FanoutCore

/// Test ids and scopes of a Swift package, as `swift test list` prints them: `Module.Class/testMethod` for
/// XCTest, `Module.Suite/test()` for Swift Testing suites, `Module.function()` for free test functions.
/// A scope is an XCTestCase class or a suite (the part before `/`), or a free function on its own.
public enum SwiftTestIDs {
    public static func scope(of id: String) -> String {
        guard let slash = id.firstIndex(of: "/") else { return id }
        return String(id[..<slash])
    }

    /// A free function's scope is the function itself; every other scope is a class or suite.
    static func isFunction(_ scope: String) -> Bool { scope.contains("(") }

    /// Swift Testing's `--filter` regular expression that selects exactly `scopes`: whole, or the tests of their
    /// slices. Swift Testing matches a test by its id followed by `/` and its source location: a test id ends at
    /// `/` or at the end.
    public static func filter(_ scopes: [String], _ slices: [String: [String]]) -> String {
        let parts = scopes.flatMap { scope -> [String] in
            if let tests = slices[scope] { return tests.map(exactly) }
            return [escaped(scope) + (isFunction(scope) ? "" : "/")]
        }
        return "^(" + parts.joined(separator: "|") + ")"
    }

    /// The `--skip` regular expression for the tests a batch leaves out (those that already have a result when
    /// an abnormally ended batch runs again), by scope; nil when there are none.
    public static func skip(_ deselected: [String: [String]]) -> String? {
        let tests = deselected.values.flatMap { $0 }.sorted()
        return tests.isEmpty ? nil : "^(" + tests.map(exactly).joined(separator: "|") + ")"
    }

    private static func exactly(_ id: String) -> String { escaped(id) + "(/|$)" }

    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// The id of XCTest's `Class.method` (as its console prints it, without the module) among `scopes`.
    static func xctestID(_ printed: String, scopes: [String]) -> (id: String, scope: String)? {
        guard let dot = printed.lastIndex(of: ".") else { return nil }
        let className = printed[..<dot]
        let method = printed[printed.index(after: dot)...]
        let scope =
            scopes.first { $0 == className || $0.hasSuffix("." + className) } ?? String(className)
        return (scope + "/" + method, scope)
    }
}

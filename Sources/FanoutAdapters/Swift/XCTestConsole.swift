import FanoutCore
import FoundationEssentials

/// Reads XCTest's console lines (swift-corelibs-xctest's format):
///
///     Test Case 'MathTests.testAdds' started at 2026-11-22 08:19:52.902
///     /path/MathTests.swift:6: error: MathTests.testFails : XCTAssertEqual failed: ("2") is not equal to ("3") -
///     Test Case 'MathTests.testFails' failed (0.101 seconds)
///     /path/MathTests.swift:7: MathTests.testSkips : Test skipped - not here
///     Test Case 'MathTests.testSkips' skipped (0.0 seconds)
enum XCTestConsole {
    static func decode(_ line: String, scopes: [String]) -> AdapterEvent? {
        if line.hasPrefix("Test Case '"), let close = line.dropFirst(11).firstIndex(of: "'") {
            let printed = String(line[line.index(line.startIndex, offsetBy: 11)..<close])
            guard let (id, scope) = SwiftTestIDs.xctestID(printed, scopes: scopes) else { return nil }
            let rest = line[line.index(after: close)...].trimmed()
            if rest.hasPrefix("started") {
                return .started(testID: id, scope: scope, at: Date().timeIntervalSince1970)
            }
            let outcome: Outcome? =
                rest.hasPrefix("passed")
                ? .passed
                : rest.hasPrefix("failed")
                    ? .failed
                    : rest.hasPrefix("skipped") ? .skipped : nil
            guard let outcome else { return nil }
            return .finished(TestResult(id: id, scope: scope, outcome: outcome, duration: seconds(in: rest)))
        }
        // `path:line: [error: ]Class.method : message`
        guard let separator = line.firstRange(of: " : ") else { return nil }
        let head = line[..<separator.lowerBound]
        guard let lastSpace = head.lastIndex(of: " ") else { return nil }
        let printed = String(head[head.index(after: lastSpace)...])
        guard printed.contains("."), let (id, _) = SwiftTestIDs.xctestID(printed, scopes: scopes) else { return nil }
        let message = String(line[separator.upperBound...]).trimmed([" ", "-"])
        let location = head[..<lastSpace].trimmed()
        return .note(testID: id, text: message + " (" + location.replacing(": error:", with: "") + ")")
    }

    /// `(0.101 seconds)` in the rest of a result line.
    private static func seconds(in rest: String) -> Double {
        guard let open = rest.firstIndex(of: "("), let space = rest[open...].firstIndex(of: " ") else { return 0 }
        return Double(rest[rest.index(after: open)..<space]) ?? 0
    }
}

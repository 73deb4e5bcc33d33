import FanoutCore

/// JUnit names of Swift test ids (`SwiftTestIDs`), as `swift test --xunit-output` gives them.
struct SwiftTestIDFormat: TestIDFormat {
    /// `Module.Class/test` gives (`Module.Class`, `test`); a nested suite's `Module.Outer/Inner/test()` gives
    /// (`Module.Outer.Inner`, `test()`); a free function `Module.function()` gives (`Module`, `function()`).
    func junitName(of testID: String, scope: String) -> JUnitName {
        if let slash = testID.lastIndex(of: "/") {
            return JUnitName(
                classname: String(testID[..<slash]).replacing("/", with: "."),
                name: String(testID[testID.index(after: slash)...]))
        }
        let head = testID.firstIndex(of: "(").map { testID[..<$0] } ?? testID[...]
        guard let dot = head.lastIndex(of: ".") else { return JUnitName(classname: "", name: testID) }
        return JUnitName(classname: String(testID[..<dot]), name: String(testID[testID.index(after: dot)...]))
    }
}

import FanoutCore

/// unittest's test ids, which Django's runner shares: `package.module.Class.test_method`, a class fixture's error
/// as `setUpClass (package.module.Class)`, a module that fails to import as its file's path.
struct DottedTestIDs: TestIDFormat {
    /// As unittest-xml-reporting and Django's `--junit` name them: the class's dotted path and the method.
    func junitName(of testID: String, scope: String) -> JUnitName {
        if testID == scope {
            let module = scope.hasSuffix(".py") ? String(scope.dropLast(3)) : scope
            return JUnitName(classname: "", name: module.replacing("/", with: "."))
        }
        if let open = testID.firstRange(of: " ("), testID.hasSuffix(")") {
            let fixture = String(testID[..<open.lowerBound])
            let owner = testID[open.upperBound..<testID.index(before: testID.endIndex)]
            return JUnitName(classname: String(owner), name: fixture)
        }
        guard let dot = testID.lastIndex(of: ".") else { return JUnitName(classname: "", name: testID) }
        return JUnitName(classname: String(testID[..<dot]), name: String(testID[testID.index(after: dot)...]))
    }
}

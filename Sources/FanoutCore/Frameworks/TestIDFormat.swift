/// How one framework forms its test ids. Outside the framework's folder ids are opaque text: whatever needs a part
/// of one asks the framework's format.
public protocol TestIDFormat: Sendable {
    /// The `classname` and `name` a JUnit report gives the test, as the framework's own JUnit output names it
    /// (so that CI dashboards keep a test's history across a switch to Fanout).
    func junitName(of testID: String, scope: String) -> JUnitName
}

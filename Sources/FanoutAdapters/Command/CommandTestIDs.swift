import FanoutCore

/// The command adapter's test ids, made from the tool's JUnit `<testcase>` by the configured template (default
/// `{classname}::{name}`).
struct CommandTestIDs: TestIDFormat {
    let template: String

    /// A template that ends in `{name}` after a separator (`{classname}::{name}`, `{file}::{name}`) splits the id
    /// at that separator's last occurrence: the tool's own name, and what came before it as the classname. Any
    /// other template leaves the scope as the classname and the whole id as the name.
    func junitName(of testID: String, scope: String) -> JUnitName {
        guard template.hasSuffix("{name}"), let separator = separator(),
            let split = testID.ranges(of: separator).last
        else { return JUnitName(classname: scope, name: testID) }
        return JUnitName(classname: String(testID[..<split.lowerBound]), name: String(testID[split.upperBound...]))
    }

    /// The literal text between the template's last placeholder before `{name}` and `{name}`.
    private func separator() -> String? {
        let head = template.dropLast("{name}".count)
        guard let close = head.lastIndex(of: "}") else { return nil }
        let separator = head[head.index(after: close)...]
        return separator.isEmpty || separator.contains("{") ? nil : String(separator)
    }
}

/// A test's name in a JUnit report: `<testcase classname="..." name="...">`.
public struct JUnitName: Equatable, Sendable {
    public var classname: String
    public var name: String

    public init(classname: String, name: String) {
        self.classname = classname
        self.name = name
    }
}

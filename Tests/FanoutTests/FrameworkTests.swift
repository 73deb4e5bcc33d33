import FanoutAdapters
import FanoutConfig
import FanoutCore
import Foundation
import Testing

/// The framework registry: which framework a workspace gets, and how each names its tests in JUnit reports.
@Suite struct FrameworkTests {
    func detected(_ files: [String: String]) throws -> String? {
        let root = try TemporaryWorkspace.make(files, prefix: "fanout-detect")
        defer { try? FileManager.default.removeItem(atPath: root) }
        return Frameworks.detect(workspace: root)?.name
    }

    @Test func everyFrameworkIsRegisteredOnceByItsName() {
        #expect(Frameworks.names == ["pytest", "unittest", "django", "regrtest", "swift", "command"])
        for name in Frameworks.names { #expect(Frameworks.named(name)?.name == name) }
        #expect(Frameworks.named("nose") == nil)
    }

    @Test func detectionTakesTheStrongestClaimThenTheFirstRegistered() throws {
        #expect(try detected(["manage.py": "", "pyproject.toml": ""]) == "django")
        #expect(try detected(["manage.py": "", "conftest.py": ""]) == "pytest")  // pytest-django
        #expect(try detected(["pyproject.toml": "", "Package.swift": ""]) == "pytest")
        #expect(try detected(["Package.swift": "", "Tests/A/A.swift": ""]) == "swift")
        #expect(try detected(["deep/er/test_x.py": ""]) == "pytest")
        #expect(try detected(["README.md": ""]) == nil)
        #expect(try detected(["test/libregrtest/__init__.py": "", "test/test_os.py": ""]) == "regrtest")
        #expect(try detected(["Lib/test/libregrtest/__init__.py": "", "pyproject.toml": ""]) == "regrtest")
    }

    @Test func theCommandAdapterNeedsItsTableAndSaysWhere() throws {
        #expect(throws: DiscoveryError.self) { try CommandFramework().runner() }
        let spec = CommandSpec(list: ["ls"], run: ["true", "{tests}"])
        #expect(try CommandFramework(command: spec).runner().name == "command")
        #expect(!CommandFramework().collectsTests)
        #expect(!CommandFramework().reportsTestsAsTheyRun)
        #expect(PytestFramework().reportsTestsAsTheyRun)
    }

    @Test func onlyPytestSelectsScopesByMark() {
        let request = CollectionRequest(workspace: "/nowhere", executable: "python3", frameworkArgs: [], scopes: ["a"])
        for name in ["unittest", "django", "swift", "command"] {
            #expect(throws: DiscoveryError.self) { try Frameworks.named(name)?.scopes(marked: "serial", request) }
        }
    }

    func junit(_ framework: any Framework, _ id: String, scope: String) -> JUnitName {
        framework.ids.junitName(of: id, scope: scope)
    }

    @Test func pytestNamesAsItsJunitxml() {
        let pytest = PytestFramework()
        #expect(
            junit(pytest, "tests/test_a.py::TestK::test_ok[x::y/z]", scope: "tests/test_a.py")
                == JUnitName(classname: "tests.test_a.TestK", name: "test_ok[x::y/z]"))
        #expect(
            junit(pytest, "tests/test_broken.py", scope: "tests/test_broken.py")
                == JUnitName(classname: "", name: "tests.test_broken"))
    }

    @Test func unittestAndDjangoNameTheClassAndTheMethod() {
        for framework in [UnittestFramework() as any Framework, DjangoFramework()] {
            #expect(
                junit(framework, "tests.test_outcomes.Outcomes.test_fails", scope: "tests/test_outcomes.py")
                    == JUnitName(classname: "tests.test_outcomes.Outcomes", name: "test_fails"))
            #expect(
                junit(framework, "setUpClass (tests.test_outcomes.BrokenClassSetup)", scope: "tests/test_outcomes.py")
                    == JUnitName(classname: "tests.test_outcomes.BrokenClassSetup", name: "setUpClass"))
            #expect(
                junit(framework, "tests/test_broken_import.py", scope: "tests/test_broken_import.py")
                    == JUnitName(classname: "", name: "tests.test_broken_import"))
        }
    }

    @Test func swiftNamesAsSwiftTestsXunitOutput() {
        let swift = SwiftFramework()
        #expect(
            junit(swift, "ArithTests.AdditionTests/testAdds", scope: "ArithTests.AdditionTests")
                == JUnitName(classname: "ArithTests.AdditionTests", name: "testAdds"))
        #expect(
            junit(swift, "ArithTests.AdditionSuite/positive(value:)", scope: "ArithTests.AdditionSuite")
                == JUnitName(classname: "ArithTests.AdditionSuite", name: "positive(value:)"))
        #expect(
            junit(swift, "Mod.Outer/Inner/test()", scope: "Mod.Outer")
                == JUnitName(classname: "Mod.Outer.Inner", name: "test()"))
        #expect(
            junit(swift, "ArithTests.freeStanding()", scope: "ArithTests.freeStanding()")
                == JUnitName(classname: "ArithTests", name: "freeStanding()"))
        #expect(
            junit(swift, "ArithTests.takes(a.b:)", scope: "ArithTests.takes(a.b:)")
                == JUnitName(classname: "ArithTests", name: "takes(a.b:)"))
    }

    @Test func commandIdsSplitAtTheTemplatesLastSeparator() {
        func command(_ template: String) -> CommandFramework {
            CommandFramework(command: CommandSpec(list: [], run: [], idTemplate: template))
        }
        #expect(
            junit(command("{classname}::{name}"), "pkg.Suite::has::colons", scope: "pkg.Suite")
                == JUnitName(classname: "pkg.Suite::has", name: "colons"))
        #expect(
            junit(command("{file}::{name}"), "checks/check_math.py::test_adds", scope: "checks/check_math.py")
                == JUnitName(classname: "checks/check_math.py", name: "test_adds"))
        #expect(
            junit(command("{name}"), "just_a_name", scope: "s") == JUnitName(classname: "s", name: "just_a_name"))
        #expect(
            junit(command("{classname}::{name}"), "no-separator", scope: "s")
                == JUnitName(classname: "s", name: "no-separator"))
    }
}

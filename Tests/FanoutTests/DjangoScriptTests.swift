import FanoutAdapters
import FanoutConfig
import FanoutCore
import Foundation
import Testing

/// Which script a Django project runs its tests with, and what its labels and test modules are.
@Suite struct DjangoScriptTests {
    func workspace(_ files: [String: String]) throws -> String {
        try TemporaryWorkspace.make(files, prefix: "fanout-django")
    }

    let djangoRuntests = "from django.test.utils import get_runner\nTestRunner = get_runner(settings)\n"

    @Test func manageDotPyWinsOverARuntestsScript() throws {
        let root = try workspace(["manage.py": "", "runtests.py": djangoRuntests])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(DjangoScript.locate(in: root) == .manage)
        #expect(Frameworks.detect(workspace: root)?.name == "django")
    }

    @Test func aRuntestsScriptThatAsksDjangoForItsRunnerMakesADjangoProject() throws {
        let root = try workspace([
            "tests/runtests.py": djangoRuntests, "tests/settings.py": "", "tests/basic/__init__.py": "",
            "tests/basic/tests.py": "", "tests/basic/sub/__init__.py": "", "tests/basic/sub/test_deep.py": "",
            "tests/no_package/tests.py": "", "tests/test_settings_like.py": "", "tests/dotted.name/__init__.py": "",
            "setup.cfg": "", "django/test/testcases.py": "",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let script = try #require(DjangoScript.locate(in: root))
        #expect(script.path == "tests/runtests.py")
        #expect(!script.isManage)
        #expect(script.labelRoot == "tests")
        #expect(script.label(ofFile: "tests/basic/sub/test_deep.py") == "basic.sub.test_deep")
        #expect(script.label(ofFile: "tests/basic/__init__.py") == "basic")
        #expect(Frameworks.detect(workspace: root)?.name == "django")
        #expect(script.discoveryPaths(in: root) == ["tests/basic"])
        let scopes = try DjangoFramework().discover(
            DiscoveryRequest(workspace: root, configFiles: ProjectConfigFiles()))
        #expect(scopes.map(\.id) == ["tests/basic/sub/test_deep.py", "tests/basic/tests.py"])
        #expect(script.arguments(python: "python3").prefix(2) == ["python3", "-c"])
        #expect(script.arguments(python: "python3").last == "tests/runtests.py")
    }

    @Test func aRuntestsScriptThatRunsPytestIsLeftToPytest() throws {
        let root = try workspace(["runtests.py": "import pytest\npytest.main()\n", "tests/test_a.py": ""])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(DjangoScript.locate(in: root) == nil)
        #expect(Frameworks.detect(workspace: root)?.name == "pytest")
    }

    @Test func manageDotPyLabelsAreRelativeToTheWorkspace() {
        #expect(DjangoScript.manage.labelRoot == "")
        #expect(DjangoScript.manage.label(ofFile: "polls/tests/test_models.py") == "polls.tests.test_models")
        #expect(DjangoScript.manage.discoveryPaths(in: "/nowhere") == nil)
        #expect(
            DjangoScript.manage.arguments(python: "python3")
                == ["python3", "manage.py", "test", "--noinput", "--testrunner", "fanout_django_runner.FanoutRunner"])
    }
}

import FanoutAdapters
import FanoutConfig
import FanoutCore
import Foundation
import Testing

@Suite struct PytestDiscoveryTests {
    func workspace(_ files: [String: String]) throws -> String {
        try TemporaryWorkspace.make(files, prefix: "fanout-discovery")
    }

    func discover(_ root: String, paths: [String]? = nil, exclude: [String] = []) throws -> [String] {
        let project = try PytestProjectConfig.locate(from: root, reader: ProjectConfigFiles())
        return try PytestDiscovery(project: project, paths: paths, excludes: PathExcludes(exclude))
            .discover(workspace: root).map(\.id)
    }

    @Test func defaultPatternsAndDirectoriesPytestSkips() throws {
        let root = try workspace([
            "test_a.py": "", "b_test.py": "", "helper.py": "", "tests/test_c.py": "", "tests/conftest.py": "",
            ".hidden/test_h.py": "", "build/test_b.py": "", "node_modules/test_n.py": "", "venv/test_v.py": "",
            "env/pyvenv.cfg": "", "env/lib/test_e.py": "", "tests/__pycache__/test_x.py": "", "pkg/test_d.txt": "",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try discover(root) == ["b_test.py", "test_a.py", "tests/test_c.py"])
    }

    @Test func testpathsAndPythonFilesFromPytestIni() throws {
        let root = try workspace([
            "pytest.ini": "[pytest]\ntestpaths = suite other\npython_files = check_*.py\n",
            "suite/check_a.py": "", "suite/test_b.py": "", "other/deep/check_c.py": "", "check_root.py": "",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try discover(root) == ["other/deep/check_c.py", "suite/check_a.py"])
    }

    @Test func pyprojectIniOptionsAndGlobTestpaths() throws {
        let root = try workspace([
            "pyproject.toml": "[tool.pytest.ini_options]\ntestpaths = [\"pkg*/tests\"]\nnorecursedirs = [\"skipme\"]\n",
            "pkg1/tests/test_a.py": "", "pkg2/tests/test_b.py": "", "pkg2/tests/skipme/test_c.py": "",
            "test_top.py": "",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try discover(root) == ["pkg1/tests/test_a.py", "pkg2/tests/test_b.py"])
    }

    @Test func setupCfgAndToxIniSections() throws {
        let root = try workspace([
            "setup.cfg": "[metadata]\nname = x\n[tool:pytest]\ntestpaths = t\n", "t/test_a.py": "", "test_b.py": "",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try discover(root) == ["t/test_a.py"])
    }

    @Test func fanoutPathsAndExcludesOverride() throws {
        let root = try workspace([
            "pytest.ini": "[pytest]\ntestpaths = tests\n", "tests/test_a.py": "", "tests/legacy/test_b.py": "",
            "extra/test_c.py": "", "extra/custom.py": "",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try discover(root, exclude: ["legacy"]) == ["tests/test_a.py"])
        #expect(try discover(root, paths: ["extra", "extra/custom.py"]) == ["extra/custom.py", "extra/test_c.py"])
        #expect(throws: DiscoveryError.self) { try discover(root, paths: ["missing"]) }
    }
}

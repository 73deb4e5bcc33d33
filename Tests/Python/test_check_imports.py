"""Deploy/check_imports.py names every import of a module the importing target does not declare, and nothing
else: platform modules, the target's own name, declared targets and products, and Python inside a Swift
multi-line string (a fixture) pass."""

import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("check_imports", ROOT / "Deploy" / "check_imports.py")
check_imports = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_imports)


def manifest(path):
    return {"targets": [{
        "name": "Adapters", "type": "regular", "path": str(path),
        "dependencies": [{"byName": ["Core", None]}, {"product": ["ArgumentParser", "swift-argument-parser"]}],
    }]}


def test_an_undeclared_module_is_named_with_its_file_and_line(tmp_path):
    (tmp_path / "Discovery.swift").write_text("import Core\nimport Config\n")
    problems = check_imports.violations(manifest(tmp_path))
    assert len(problems) == 1
    assert f"{tmp_path / 'Discovery.swift'}:2: target Adapters imports Config" in problems[0]


def test_declared_platform_and_testable_imports_pass(tmp_path):
    (tmp_path / "Runner.swift").write_text(
        "import Core\n@testable import Adapters\nimport ArgumentParser\n#if canImport(Glibc)\n    import Glibc\n"
        "#endif\nimport FoundationEssentials\nimport struct Core.Thing\n")
    assert check_imports.violations(manifest(tmp_path)) == []


def test_python_inside_a_multi_line_string_is_not_an_import(tmp_path):
    (tmp_path / "Fixture.swift").write_text(
        'let source = """\nimport pytest\nimport signal\n"""\nimport Core\nimport Secret\n')
    problems = check_imports.violations(manifest(tmp_path))
    assert [problem.split(": target")[0] for problem in problems] == [f"{tmp_path / 'Fixture.swift'}:6"]

#!/usr/bin/env python3
"""Fails when a target's Swift files import a module its Package.swift entry does not name.

SwiftPM builds a target only after the targets it declares; an import of an undeclared module compiles
whenever the build happens to have made that module already (an incremental build, a lucky order) and fails
on a fresh clone when it has not. Run from the package root; reads the manifest with `swift package
dump-package`, so nothing is built.
"""
import json
import os
import re
import subprocess
import sys

# Modules of the toolchain and the platform, which no manifest names.
PLATFORM = {
    "Foundation", "FoundationEssentials", "FoundationXML", "FoundationNetworking", "Glibc", "Darwin", "Musl",
    "Dispatch", "Synchronization", "Testing", "XCTest", "PackagePlugin", "PackageDescription", "_Concurrency",
    "os",
}
IMPORT = re.compile(r"^\s*(?:@testable\s+|@_implementationOnly\s+|public\s+|internal\s+|private\s+)*import\s+"
                    r"(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)")


def dependency_names(target):
    names = set()
    for dependency in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in dependency:
                names.add(dependency[kind][0])
    return names


def target_directory(target):
    if target.get("path"):
        return target["path"]
    return os.path.join("Tests" if target["type"] == "test" else "Sources", target["name"])


def violations(manifest):
    found = []
    for target in manifest["targets"]:
        if target["type"] in ("system", "binary"):
            continue
        allowed = dependency_names(target) | PLATFORM | {target["name"]}
        for root, _, files in os.walk(target_directory(target)):
            for name in sorted(files):
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as source:
                    in_string = False  # inside a multi-line string literal (a fixture's Python, say)
                    for number, line in enumerate(source, 1):
                        match = None if in_string else IMPORT.match(line)
                        in_string ^= line.count('"""') % 2 == 1
                        if match and match.group(1) not in allowed:
                            found.append(f"{path}:{number}: target {target['name']} imports {match.group(1)}, "
                                         f"which its dependencies in Package.swift do not name")
    return found


def main():
    dump = subprocess.run(["swift", "package", "dump-package"], check=True, capture_output=True, text=True)
    problems = violations(json.loads(dump.stdout))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("check-imports: add the module to the target's dependencies, or drop the import", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

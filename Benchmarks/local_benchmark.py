#!/usr/bin/env python3
"""Times plain pytest, `pytest -n 2` (pytest-xdist) and `fanout run -n 2` on the same suites, side by side in
one run, and prints median wall times and ratios. Rounds interleave the runners so machine noise hits all alike.

    python3 Benchmarks/local_benchmark.py [--fanout .build/release/fanout] [--rounds 3] [--networkx]

Suites: the bundled example; `sleepy` (24 files whose tests sleep, heavy-tailed, so CPU is not the limit);
`cpu` (20 files of busy tests); `small` (120 one-test files, where per-batch overhead dominates); and with
--networkx, the test suite that ships inside the installed networkx package (6,800+ tests).
Fanout runs twice per round: without history (.fanout removed) and with the history of its previous run.
Needs pytest-xdist (`pip install pytest-xdist`).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

SLEEPY_SECONDS = [4.0, 2.5, 1.6, 1.2, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4,
                  0.35, 0.3, 0.25, 0.2, 0.2, 0.15, 0.15, 0.1, 0.1, 0.1, 0.05, 0.05]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        handle.write(text)


def make_suites(base, with_networkx):
    suites = {}
    example = os.path.join(base, "example")
    shutil.copytree(os.path.join(ROOT, "Examples", "python-suite"), example)
    suites["example"] = (example, None)

    sleepy = os.path.join(base, "sleepy")
    for index, seconds in enumerate(SLEEPY_SECONDS):
        body = "import time\n\n" + "".join(
            "def test_{0}():\n    time.sleep({1})\n\n".format(n, seconds / 4) for n in range(4))
        write(os.path.join(sleepy, "tests", "test_sleep_%02d.py" % index), body)
    write(os.path.join(sleepy, "pytest.ini"), "[pytest]\ntestpaths = tests\n")
    suites["sleepy"] = (sleepy, max(sum(SLEEPY_SECONDS) / 2, max(SLEEPY_SECONDS)))

    cpu = os.path.join(base, "cpu")
    busy = "def spin(n):\n    total = 0\n    for i in range(n):\n        total += i * i\n    return total\n\n"
    for index in range(20):
        body = busy + "".join("def test_{0}():\n    assert spin(400000) > 0\n\n".format(n) for n in range(5))
        write(os.path.join(cpu, "tests", "test_cpu_%02d.py" % index), body)
    write(os.path.join(cpu, "pytest.ini"), "[pytest]\ntestpaths = tests\n")
    suites["cpu"] = (cpu, None)

    small = os.path.join(base, "small")
    for index in range(120):
        write(os.path.join(small, "tests", "test_small_%03d.py" % index), "def test_it():\n    assert True\n")
    write(os.path.join(small, "pytest.ini"), "[pytest]\ntestpaths = tests\n")
    suites["small"] = (small, None)

    if with_networkx:
        import networkx
        workspace = os.path.join(base, "networkx")
        shutil.copytree(os.path.dirname(networkx.__file__), os.path.join(workspace, "networkx"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        suites["networkx"] = (workspace, None)
    return suites


def timed(command, cwd):
    started = time.monotonic()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.monotonic() - started
    if result.returncode not in (0, 1):
        print("  warning: %s exited %d: %s" % (command[0], result.returncode, result.stderr[-500:]))
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fanout", default=os.path.join(ROOT, ".build", "release", "fanout"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--slots", type=int, default=2)
    parser.add_argument("--networkx", action="store_true")
    parser.add_argument("--suites", help="comma-separated subset of suite names")
    args = parser.parse_args()
    try:
        import xdist  # noqa: F401
    except ImportError:
        sys.exit("pytest-xdist is needed for the comparison: python3 -m pip install pytest-xdist")
    if not os.path.exists(args.fanout):
        sys.exit("no fanout at %s; build it: swift build -c release" % args.fanout)

    py = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--continue-on-collection-errors"]
    runners = [
        ("pytest", lambda ws: py),
        ("pytest -n %d" % args.slots, lambda ws: py + ["-n", str(args.slots)]),
        ("fanout, no history", lambda ws: [args.fanout, "run", ws, "-n", str(args.slots)]),
        ("fanout, history", lambda ws: [args.fanout, "run", ws, "-n", str(args.slots)]),
    ]
    base = tempfile.mkdtemp(prefix="fanout-bench-")
    try:
        suites = make_suites(base, args.networkx)
        if args.suites:
            suites = {name: suites[name] for name in args.suites.split(",")}
        print("machine: %d CPUs; %d rounds; slots %d; fanout %s" % (os.cpu_count(), args.rounds, args.slots, args.fanout))
        results = {}
        for name, (workspace, bound) in suites.items():
            # Prime history once so the "history" runner starts from a real history.
            subprocess.run([args.fanout, "run", workspace, "-n", str(args.slots)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            history_copy = os.path.join(base, name + "-history")
            shutil.copytree(os.path.join(workspace, ".fanout"), history_copy)
            times = {label: [] for label, _ in runners}
            for _ in range(args.rounds):
                for label, command in runners:
                    shutil.rmtree(os.path.join(workspace, ".fanout"), ignore_errors=True)
                    if label == "fanout, history":
                        shutil.copytree(history_copy, os.path.join(workspace, ".fanout"))
                    times[label].append(timed(command(workspace), workspace))
                    if label == "fanout, history":
                        shutil.rmtree(history_copy)
                        shutil.copytree(os.path.join(workspace, ".fanout"), history_copy)
            results[name] = ({label: statistics.median(values) for label, values in times.items()}, bound)

        print()
        header = "%-9s" % "suite" + "".join("%20s" % label for label, _ in runners) + "   fanout(h)/pytest  fanout(h)/xdist"
        print(header)
        for name, (medians, bound) in results.items():
            row = "%-9s" % name + "".join("%19.2fs" % medians[label] for label, _ in runners)
            plain = medians["pytest"]
            xdist = medians["pytest -n %d" % args.slots]
            fan = medians["fanout, history"]
            row += "   %15.2f  %15.2f" % (fan / plain, fan / xdist)
            print(row)
            if bound:
                print("%-9s lower bound max(total/slots, longest file) = %.2fs; fanout(h)/bound = %.2f"
                      % ("", bound, fan / bound))
        print("\nmedian wall seconds over %d rounds; ratios below 1 mean fanout was faster" % args.rounds)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()

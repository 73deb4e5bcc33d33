#!/usr/bin/env python3
"""Fanout's benchmark set, side by side in one run: every runner of a section runs in the same rounds,
interleaved, so machine noise hits all alike; the figures are medians over the rounds and the ratios compare
runners of one run only. Writes docs/benchmarks.md and docs/benchmarks.json.

    python3 Benchmarks/benchmarks.py [--fanout .build/release/fanout] [--rounds 3] [--sections overhead,...]

Sections:
  overhead    2,000 trivial tests in 200 files on 2 slots: plain pytest, pytest -n 2 (load, loadfile,
              worksteal), Fanout warm and cold (with history).
  balance     a sleep-bound heavy-tailed suite (35 s of work in 48 files) on 4 local slots, second run: Fanout,
              pytest -n 4 (load, worksteal), pytest-split's least-duration groups run in parallel; against the
              bound max(total/slots, longest file) plus one cold framework start measured in the same run.
  hosts       the same suite on 3 namespace hosts x 2 slots (needs Deploy/testhosts.sh up 3), against the bound.
  thirdparty  the test suites of packages installed from PyPI (networkx, sympy.core): Fanout vs pytest -n 2.
  tiny        8 one-test files: plain pytest vs Fanout (whose history says the suite is shorter than a worker
              start, so it runs in one process).
  scale       the controller alone: 1,000 simulated agents x 8 slots and 1,000,000 tests through the real
              coordinator, queue, merge and protocol encoding (Benchmarks/ControllerScale): CPU per test, memory.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TEST_HOSTS_SSH_CONFIG = "/var/lib/fanout-testhosts/ssh_config"  # made by Deploy/testhosts.sh up N
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--continue-on-collection-errors"]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        handle.write(text)


def heavy_tailed_seconds(files=48, total=35.0):
    """A deterministic heavy tail: file k takes about 1/(k+1)^1.1 of the largest, scaled to `total`."""
    weights = [1.0 / (k + 1) ** 1.1 for k in range(files)]
    scale = total / sum(weights)
    return [round(w * scale, 3) for w in weights]


def make_overhead_suite(base):
    root = os.path.join(base, "overhead")
    for index in range(200):
        body = "".join("def test_%d():\n    assert %d == %d\n\n" % (n, n, n) for n in range(10))
        write(os.path.join(root, "tests", "test_trivial_%03d.py" % index), body)
    write(os.path.join(root, "pytest.ini"), "[pytest]\ntestpaths = tests\n")
    return root


def make_sleep_suite(base, name="balance"):
    root = os.path.join(base, name)
    for index, seconds in enumerate(heavy_tailed_seconds()):
        body = "import time\n\n" + "".join(
            "def test_%d():\n    time.sleep(%r)\n\n" % (n, seconds / 4) for n in range(4))
        write(os.path.join(root, "tests", "test_sleep_%02d.py" % index), body)
    write(os.path.join(root, "pytest.ini"), "[pytest]\ntestpaths = tests\n")
    return root


def make_linalg_suite(base):
    """Eight files of dense linear algebra (multithreaded BLAS): where every slot's BLAS starts a thread per CPU."""
    root = os.path.join(base, "linalg")
    body = ("import numpy\n\n\ndef test_solves_and_inverts():\n"
            "    generator = numpy.random.default_rng(7)\n"
            "    for _ in range(6):\n"
            "        matrix = generator.standard_normal((500, 500))\n"
            "        product = matrix @ matrix.T + numpy.eye(500)\n"
            "        inverse = numpy.linalg.inv(product)\n"
            "        assert numpy.allclose(product @ inverse, numpy.eye(500), atol=1e-6)\n")
    for index in range(8):
        write(os.path.join(root, "tests", "test_linalg_%d.py" % index), body)
    write(os.path.join(root, "pytest.ini"), "[pytest]\ntestpaths = tests\n")
    return root


def make_tiny_suite(base):
    root = os.path.join(base, "tiny")
    for index in range(8):
        write(os.path.join(root, "tests", "test_tiny_%d.py" % index), "def test_it():\n    assert True\n")
    write(os.path.join(root, "pytest.ini"), "[pytest]\ntestpaths = tests\n")
    return root


def copy_installed_tests(base, package, subpath=None):
    """A workspace holding an installed package, so its own tests run from there (`pytest PATH`)."""
    module = __import__(package)
    source = os.path.dirname(module.__file__)
    workspace = os.path.join(base, package)
    shutil.copytree(source, os.path.join(workspace, package), ignore=shutil.ignore_patterns("__pycache__"))
    tests = os.path.join(package, subpath) if subpath else package
    return workspace, tests


def timed(command, cwd, env=None):
    started = time.monotonic()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    elapsed = time.monotonic() - started
    refuse_failed_run(command, result.returncode, (result.stderr or result.stdout)[-400:])
    return elapsed


def refuse_failed_run(command, returncode, output=""):
    """A runner that did not run the suite (exit status past 1: a missing plugin, a usage error) has no time
    worth a figure: the benchmark stops rather than write one."""
    if returncode not in (0, 1):
        sys.exit("benchmark stopped: `%s` exited %d, so its time is no figure:\n%s"
                 % (" ".join(command[:6]), returncode, output))


class Section:
    """Runners of one suite, timed in interleaved rounds. A runner is (label, command, before) where `before`
    prepares the workspace (history in place or removed) before each timing."""

    def __init__(self, name, workspace, rounds):
        self.name, self.workspace, self.rounds = name, workspace, rounds
        self.runners, self.times, self.notes = [], {}, []

    def add(self, label, command, before=None, parallel=None):
        self.runners.append((label, command, before, parallel))
        self.times[label] = []

    def run(self):
        for _ in range(self.rounds):
            for label, command, before, parallel in self.runners:
                if before:
                    before()
                if parallel:
                    self.times[label].append(timed_parallel(parallel, self.workspace))
                else:
                    self.times[label].append(timed(command, self.workspace))
        return {label: statistics.median(values) for label, values in self.times.items()}


def timed_parallel(commands, cwd):
    """Wall time of several commands started together (pytest-split's groups, as CI jobs would run them)."""
    started = time.monotonic()
    processes = [subprocess.Popen(c, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                 for c in commands]
    errors = [process.communicate()[1] for process in processes]
    elapsed = time.monotonic() - started
    for command, process, error in zip(commands, processes, errors):
        refuse_failed_run(command, process.returncode, error[-400:])
    return elapsed


class History:
    """A Fanout history made by two runs of `prime` (so timed runs are second runs, as a CI job's are), put back
    before each timed run of its runner."""

    def __init__(self, workspace, prime, tag):
        self.workspace = workspace
        self.saved = os.path.join(os.path.dirname(workspace), os.path.basename(workspace) + "-history-" + tag)
        shutil.rmtree(os.path.join(workspace, ".fanout"), ignore_errors=True)
        for _ in range(2):
            subprocess.run(prime, cwd=workspace, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.copytree(os.path.join(workspace, ".fanout"), self.saved)

    def restore(self):
        shutil.rmtree(os.path.join(self.workspace, ".fanout"), ignore_errors=True)
        shutil.copytree(self.saved, os.path.join(self.workspace, ".fanout"))


def fanout_runner(section, label, fanout, arguments):
    """Adds a Fanout runner whose timed runs each start from its own primed history, with the interpreter the
    baselines run (not a `python3` found on PATH, which may be a version manager's shim costing 0.1 s a start)."""
    if "--python" not in arguments:
        arguments = arguments + ["--python", sys.executable]
    command = [fanout, "run", section.workspace] + arguments
    history = History(section.workspace, command, label.replace(" ", "-").replace(",", ""))
    section.add(label, command, before=history.restore)


def xdist_runners(section, slots, modes, extra=()):
    for mode in modes:
        section.add("pytest -n %d --dist %s" % (slots, mode), PYTEST + ["-n", str(slots), "--dist", mode] + list(extra))


def pytest_split_runner(section, slots, extra=()):
    """pytest-split's least-duration groups, run at once as `slots` CI jobs would, from stored durations."""
    durations = os.path.join(section.workspace, ".test_durations")
    subprocess.run(PYTEST + ["--store-durations", "--durations-path", durations] + list(extra),
                   cwd=section.workspace, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    groups = [PYTEST + ["--splits", str(slots), "--group", str(g), "--splitting-algorithm", "least_duration",
                        "--durations-path", durations] + list(extra) for g in range(1, slots + 1)]
    section.add("pytest-split x%d (least_duration)" % slots, None, parallel=groups)


def cold_start_seconds(base, rounds):
    """One cold framework start: plain pytest on one trivial test, the median of `rounds` runs."""
    root = os.path.join(base, "start")
    write(os.path.join(root, "test_start.py"), "def test_it():\n    assert True\n")
    return statistics.median(timed(PYTEST + ["test_start.py"], root) for _ in range(max(3, rounds)))


def cold_starts_at_once_seconds(base, rounds, count):
    """`count` cold framework starts begun together, the median of `rounds` walls: what `count` hosts that share
    this machine's cores pay before their first tests, where hosts of their own would pay one cold start."""
    root = os.path.join(base, "start")
    return statistics.median(timed_parallel([PYTEST + ["test_start.py"]] * count, root) for _ in range(max(3, rounds)))


def overhead_section(base, fanout, rounds):
    section = Section("overhead", make_overhead_suite(base), rounds)
    section.add("pytest", PYTEST)
    xdist_runners(section, 2, ["load", "loadfile", "worksteal"])
    fanout_runner(section, "fanout -n 2 (warm)", fanout, ["-n", "2"])
    fanout_runner(section, "fanout -n 2 --no-warm", fanout, ["-n", "2", "--no-warm"])
    medians = section.run()
    best_xdist = min(v for k, v in medians.items() if k.startswith("pytest -n"))
    fan = medians["fanout -n 2 (warm)"]
    targets = {"fanout / best pytest -n 2 <= 0.6": fan / best_xdist, "fanout / pytest <= 1": fan / medians["pytest"]}
    return {"section": "overhead", "suite": "2,000 trivial tests in 200 files, 2 slots", "medians": medians,
            "ratios": targets, "met": fan / best_xdist <= 0.6 and fan <= medians["pytest"]}


def balance_section(base, fanout, rounds, start):
    section = Section("balance", make_sleep_suite(base), rounds)
    seconds = heavy_tailed_seconds()
    bound = max(sum(seconds) / 4, max(seconds)) + start
    fanout_runner(section, "fanout -n 4", fanout, ["-n", "4"])
    xdist_runners(section, 4, ["load", "worksteal"])
    pytest_split_runner(section, 4)
    medians = section.run()
    fan = medians["fanout -n 4"]
    ahead = all(fan < v for k, v in medians.items() if k != "fanout -n 4")
    return {"section": "balance", "suite": "48 sleep-bound files, %.1f s of work, heavy-tailed, 4 local slots"
            % sum(seconds), "medians": medians, "bound": bound, "coldStart": start,
            "ratios": {"fanout / bound <= 1.1": fan / bound}, "met": fan / bound <= 1.1 and ahead}


def hosts_section(base, fanout, rounds, start, hosts):
    section = Section("hosts", make_sleep_suite(base, "hosts-balance"), rounds)
    seconds = heavy_tailed_seconds()
    slots = 2 * len(hosts.split(","))
    bound = max(sum(seconds) / slots, max(seconds)) + start
    fanout_runner(section, "fanout --hosts (%d slots)" % slots, fanout,
                  ["--hosts", hosts, "-n", "2", "--ssh-config", TEST_HOSTS_SSH_CONFIG, "--python", sys.executable])
    medians = section.run()
    fan = list(medians.values())[0]
    # Context, not the target: the namespace hosts share this machine's cores, so their warm-ups compete.
    at_once = cold_starts_at_once_seconds(base, rounds, len(hosts.split(",")))
    return {"section": "hosts", "suite": "the balance suite on %s x 2 slots" % hosts, "medians": medians,
            "bound": bound, "coldStart": start, "coldStartsAtOnce": at_once,
            "ratios": {"fanout / bound <= 1.1": fan / bound}, "met": fan / bound <= 1.1}


def thirdparty_section(base, fanout, rounds, package, subpath):
    workspace, tests = copy_installed_tests(base, package, subpath)
    # Both runners run the same tests: pytest is given the path, Fanout reads it from its config.
    write(os.path.join(workspace, "fanout.toml"), "paths = [%s]\n" % json.dumps(tests))
    section = Section(package, workspace, rounds)
    section.add("pytest -n 2", PYTEST + ["-n", "2", tests])
    fanout_runner(section, "fanout -n 2", fanout, ["-n", "2"])
    medians = section.run()
    ratio = medians["fanout -n 2"] / medians["pytest -n 2"]
    return {"section": "thirdparty", "suite": "%s's own tests (%s)" % (package, tests), "medians": medians,
            "ratios": {"fanout / pytest -n 2 <= 1": ratio}, "met": ratio <= 1}


def threads_section(base, fanout, rounds):
    """Thread pools sized to the slot (Fanout's default) against what the libraries do unsized: a thread per CPU
    in every slot, as under pytest-xdist."""
    section = Section("threads", make_linalg_suite(base), rounds)
    cpus = str(os.cpu_count())
    unsized = []
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        unsized += ["--env", "%s=%s" % (variable, cpus)]
    fanout_runner(section, "fanout -n 2 (pools sized to the slot)", fanout, ["-n", "2"])
    fanout_runner(section, "fanout -n 2, a thread per CPU in each slot", fanout, ["-n", "2"] + unsized)
    section.add("pytest -n 2", PYTEST + ["-n", "2"])
    medians = section.run()
    sized = medians["fanout -n 2 (pools sized to the slot)"]
    ratio = sized / medians["fanout -n 2, a thread per CPU in each slot"]
    return {"section": "threads", "suite": "8 files of numpy linear algebra, 2 slots", "medians": medians,
            "ratios": {"sized / unsized (< 1: oversubscription avoided)": ratio}, "met": ratio < 1}


def tiny_section(base, fanout, rounds):
    section = Section("tiny", make_tiny_suite(base), rounds)
    section.add("pytest", PYTEST)
    fanout_runner(section, "fanout", fanout, [])
    medians = section.run()
    ratio = medians["fanout"] / medians["pytest"]
    return {"section": "tiny", "suite": "8 one-test files", "medians": medians,
            "ratios": {"fanout / pytest <= 1.1": ratio}, "met": ratio <= 1.1}


def scale_section(fanout):
    """The controller alone at scale (Benchmarks/ControllerScale), one run: it counts CPU, not wall time."""
    binary = os.path.join(os.path.dirname(fanout), "fanout-controller-scale")
    figures = json.loads(subprocess.run([binary, "1000", "8", "1000000"], capture_output=True, text=True,
                                        check=True).stdout)
    per_test = figures["cpuMicrosecondsPerTest"]
    memory = figures["peakMemoryMiB"]
    return {"section": "scale", "suite": "1,000 simulated agents x 8 slots, 1,000,000 tests, in one process",
            "medians": {"controller CPU seconds": figures["cpuSeconds"],
                        "agents' side (encoding results), taken out": figures["agentSideCPUSeconds"]},
            "ratios": {"controller CPU us per test (< 20)": per_test, "peak memory MiB (< 1024)": memory,
                       "batches per CPU second": figures["batchesPerCPUSecond"]},
            "met": per_test < 20 and memory < 1024}


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as handle:
            model = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpus": os.cpu_count(), "cpu": model, "memoryGiB": round(memory, 1), "os": platform.platform(),
            "python": platform.python_version(), "date": datetime.datetime.now(datetime.timezone.utc).isoformat()}


def markdown(results, about, rounds):
    lines = ["# Benchmarks", "",
             "Made by `Benchmarks/run` on %s: %d CPUs (%s), %.1f GiB, %s, Python %s. Median wall seconds of %d "
             "interleaved rounds; every figure of a table comes from the same run."
             % (about["date"][:10], about["cpus"], about["cpu"], about["memoryGiB"], about["os"], about["python"],
                rounds), ""]
    for result in results:
        lines += ["## %s: %s" % (result["section"], result["suite"]), ""]
        if "date" in result:
            lines += ["Measured %s UTC." % result["date"][:16].replace("T", " "), ""]
        lines += ["| runner | seconds |", "|---|---|"]
        if result["section"] == "scale":
            lines[-2] = "| measure | CPU seconds |"
        lines += ["| %s | %.2f |" % (label, seconds) for label, seconds in result["medians"].items()]
        if "bound" in result:
            lines += ["| bound: max(total/slots, longest file) + one cold start (%.2f s) | %.2f |"
                      % (result.get("coldStart", 0), result["bound"])]
        if "coldStartsAtOnce" in result:
            lines += ["| (context) one cold start per host, all begun together on these shared cores | %.2f |"
                      % result["coldStartsAtOnce"]]
        lines += [""] + ["- %s: **%.2f**" % (name, value) for name, value in result["ratios"].items()]
        lines += ["- target met: %s" % ("yes" if result["met"] else "**no**"), ""]
        # A hand-written profile of a section (where its time goes), kept beside the generated page.
        notes = os.path.join(ROOT, "docs", "benchmark-notes", result["section"] + ".md")
        if os.path.exists(notes):
            with open(notes) as handle:
                lines += [handle.read().rstrip("\n"), ""]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fanout", default=os.path.join(ROOT, ".build", "release", "fanout"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sections", default="overhead,balance,thirdparty,tiny,threads,scale")
    parser.add_argument("--append", action="store_true",
                        help="keep the other sections of OUTPUT.json and replace only those run now")
    parser.add_argument("--hosts", default="h1,h2,h3", help="namespace hosts for the hosts section")
    parser.add_argument("--output", default=os.path.join(ROOT, "docs", "benchmarks"))
    args = parser.parse_args()
    args.fanout = os.path.abspath(args.fanout)  # runners start in the suites' directories
    sections = args.sections.split(",")
    base = tempfile.mkdtemp(prefix="fanout-bench-")
    try:
        start = cold_start_seconds(base, args.rounds)
        results = []
        for name in sections:
            print("section %s ..." % name, flush=True)
            if name == "overhead":
                results.append(overhead_section(base, args.fanout, args.rounds))
            elif name == "balance":
                results.append(balance_section(base, args.fanout, args.rounds, start))
            elif name == "hosts":
                results.append(hosts_section(base, args.fanout, args.rounds, start, args.hosts))
            elif name == "thirdparty":
                results.append(thirdparty_section(base, args.fanout, args.rounds, "networkx", None))
                results.append(thirdparty_section(base, args.fanout, args.rounds, "sympy", "core/tests"))
            elif name == "tiny":
                results.append(tiny_section(base, args.fanout, args.rounds))
            elif name == "threads":
                results.append(threads_section(base, args.fanout, args.rounds))
            elif name == "scale":
                results.append(scale_section(args.fanout))
            print(json.dumps(results[-1], indent=1), flush=True)
        about = machine()
        for result in results:
            result["date"] = about["date"]
        if args.append and os.path.exists(args.output + ".json"):
            with open(args.output + ".json") as handle:
                kept = [old for old in json.load(handle)["results"] if old["section"] not in sections]
            results = kept + results
        with open(args.output + ".json", "w") as handle:
            json.dump({"machine": about, "rounds": args.rounds, "results": results}, handle, indent=1)
        with open(args.output + ".md", "w") as handle:
            handle.write(markdown(results, about, args.rounds) + "\n")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()

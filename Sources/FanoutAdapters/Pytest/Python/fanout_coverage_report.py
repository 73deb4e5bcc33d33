"""Combines the coverage data every batch of a Fanout run wrote, on every host, and reports it once, as pytest-cov
reports a run of the whole suite in one process (its `Central` controller): the same options, the same report
files, the same terminal table and the same fail-under verdict.

Run by the controller in the workspace: `python fanout_coverage_report.py SPEC RESULT REPORT`. SPEC is a JSON
file: the pytest-cov options the run's arguments gave (`sources`, `reports`, `config`, `branch`, `append`,
`fail_under`, `precision`, `no_cov_on_fail`), the data files (`data_files`), the hosts' workspaces whose paths
become the local one (`remote_workspaces`), files to leave out of every report (`omit`: Fanout's own) and whether
tests failed (`tests_failed`). The terminal report goes to REPORT, and RESULT gets `{"total": ..., "failed": ...}`:
the total percentage (null when no report was wanted) and whether it is under the required minimum."""
import json
import os
import shutil
import sys


class _NullFile:
    @staticmethod
    def write(_):
        pass


class _Lines:
    """A stream that keeps what is written to it."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def text(self):
        return "".join(self.parts)


def coverage_sources(raw):
    """pytest-cov's `--cov` values: a bare `--cov` (null here) measures everything, whatever else is named."""
    return None if None in raw else list(raw)


def report_types(values):
    """pytest-cov's `--cov-report` values as the dict it builds: type to destination (None for the type's
    default); `term` when none is given, nothing when the only one is empty (`--cov-report=`)."""
    reports = {}
    for value in values:
        kind, colon, rest = value.partition(":")
        destination = rest if colon else None
        if kind in ("markdown", "markdown-append") and destination is None:
            destination = "coverage.md"
        reports[kind] = destination
    if not reports:
        return {"term": None}
    if list(reports) == [""]:
        return {}
    return reports


def separator(stream, character, text):
    """A titled rule as pytest's terminal writer draws one, the width of the terminal."""
    width, _ = shutil.get_terminal_size(fallback=(80, 24))
    width = 80 if width < 40 else width
    count = max((width - len(text) - 2) // (2 * len(character)), 1)
    fill = character * count
    line = f"{fill} {text} {fill}"
    if len(line) + len(character.rstrip()) <= width:
        line += character.rstrip()
    stream.write(line + "\n")


def combined(spec):
    """A Coverage object made as pytest-cov makes its own, with every batch's data combined into its data file and
    each host's workspace mapped onto the local one."""
    import coverage

    cov = coverage.Coverage(
        source=coverage_sources(spec["sources"]), branch=spec.get("branch"), config_file=spec["config"])
    if spec.get("remote_workspaces"):
        paths = dict(cov.get_option("paths") or {})
        paths["fanout-workspaces"] = [os.getcwd()] + list(spec["remote_workspaces"])
        cov.set_option("paths", paths)
    cov.set_option("report:omit", list(cov.get_option("report:omit") or []) + list(spec.get("omit", [])))
    if not spec.get("append"):
        cov.erase()
    cov.load()
    files = [path for path in spec["data_files"] if os.path.isfile(path)]
    if files:
        cov.combine(data_paths=files, keep=False)
    cov.save()
    return cov


def file_reports(cov, reports, stream):
    """The reports pytest-cov writes to files, with the lines it prints about them."""
    if "annotate" in reports:
        directory = reports["annotate"]
        cov.annotate(ignore_errors=True, directory=directory)
        where = f"to dir {directory}" if directory else "next to source"
        stream.write(f"Coverage annotated source written {where}\n")
    if "html" in reports:
        cov.html_report(ignore_errors=True, directory=reports["html"])
        stream.write(f"Coverage HTML written to dir {reports['html'] or cov.config.html_dir}\n")
    if "xml" in reports:
        cov.xml_report(ignore_errors=True, outfile=reports["xml"])
        stream.write(f"Coverage XML written to file {reports['xml'] or cov.config.xml_output}\n")
    if "json" in reports:
        cov.json_report(ignore_errors=True, outfile=reports["json"])
        stream.write(f"Coverage JSON written to file {reports['json'] or cov.config.json_output}\n")
    for kind, mode, verb in (("markdown", "w", "written to"), ("markdown-append", "a", "appended to")):
        if kind in reports:
            with open(reports[kind], mode) as output:
                cov.report(ignore_errors=True, file=output, output_format="markdown")
            stream.write(f"Coverage Markdown information {verb} file {reports[kind]}\n")
    if "lcov" in reports:
        cov.lcov_report(ignore_errors=True, outfile=reports["lcov"])
        stream.write(f"Coverage LCOV written to file {reports['lcov'] or cov.config.lcov_output}\n")


def summary(cov, reports, precision, stream):
    """pytest-cov's summary: the total, the section's title, the terminal table and the file reports."""
    total = cov.report(ignore_errors=True, output_format="total", precision=precision, file=_NullFile)
    version = "{}.{}.{}-{}-{}".format(*sys.version_info[:5])
    separator(stream, "_", f"coverage: platform {sys.platform}, python {version}")
    stream.write("\n")
    if "term" in reports or "term-missing" in reports:
        cov.report(
            show_missing=("term-missing" in reports) or None, ignore_errors=True, file=stream, precision=precision,
            skip_covered=("skip-covered" in reports.values()) or None)
    file_reports(cov, reports, stream)
    return total


def verdict(total, fail_under, precision):
    """Whether `total` misses the minimum, compared at the report's precision as pytest-cov compares it."""
    from coverage.results import should_fail_under

    return fail_under is not None and should_fail_under(total, fail_under, precision)


def setting(spec, cov, key, config_name, default):
    """An option from the arguments, else coverage's configuration (pytest-cov's order)."""
    value = spec.get(key)
    return getattr(cov.config, config_name, default) if value is None else value


def report(spec, stream):
    """Combines, reports as pytest-cov's terminal summary would, and returns the total and the verdict."""
    cov = combined(spec)
    reports = report_types(spec.get("reports", []))
    fail_under = setting(spec, cov, "fail_under", "fail_under", None)
    precision = setting(spec, cov, "precision", "precision", 0)
    if not (reports or fail_under) or (spec.get("tests_failed") and spec.get("no_cov_on_fail")):
        return None, False
    from coverage.exceptions import CoverageException

    body = _Lines()
    try:
        total = summary(cov, reports, precision, body)
    except CoverageException as exc:  # no data, a source that will not parse: pytest-cov warns and goes on
        body.write(f"\nWARNING: Failed to generate report: {exc}\n\n")
        total = 0
    failed = verdict(total, fail_under, precision)
    if fail_under:
        reached = "not reached" if failed else "reached"
        body.write(f"{'FAIL ' if failed else ''}Required test coverage of {fail_under}% {reached}. "
                   f"Total coverage: {total:.2f}%\n")
    separator(stream, "=", "tests coverage")
    stream.write(body.text())
    return total, failed


def main(spec_path, result_path, report_path):
    with open(spec_path) as handle:
        spec = json.load(handle)
    with open(report_path, "w") as stream:
        total, failed = report(spec, stream)
    with open(result_path, "w") as handle:
        json.dump({"total": total, "failed": failed}, handle)


if __name__ == "__main__":
    main(*sys.argv[1:4])

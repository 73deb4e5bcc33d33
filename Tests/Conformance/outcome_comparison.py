"""What the conformance scripts that compare a direct run with Fanout's, test by test, share."""
import re

VERDICTS = r"(ok|FAIL|ERROR|skipped|expected failure|unexpected success)"
# `test_name (module.Class.test_name) ... ok`, unittest's verbose line; the verdict can come after the test's own
# output, on a later line of its own (or after a docstring's ` ... `).
TEST_LINE = re.compile(r"^\S+ \(([\w.]+)\)(?: \.\.\. ?(.*))?$")
DOCTEST_LINE = re.compile(r"^Doctest: (\S+) \.\.\. " + VERDICTS)
LATE_VERDICT = re.compile(r"^(?:.* \.\.\. )?" + VERDICTS + r"\b")
FIXTURES = ("setUpClass", "tearDownClass", "setUpModule", "tearDownModule")
VERBOSE_OUTCOMES = {"ok": "passed", "FAIL": "failed", "ERROR": "error", "skipped": "skipped",
                    "expected failure": "xfailed", "unexpected success": "xpassed"}
RANK = {"passed": 0, "skipped": 1, "xfailed": 1, "xpassed": 2, "failed": 3, "error": 4}


def verbose_outcomes(text, number_repeats=False):
    """{test id: outcome} from unittest's verbose output (`-v 2`, regrtest's `-v`). A test whose line repeats is
    folded into its worst outcome, as Fanout reports subtests; with `number_repeats` each repeat is a test of its
    own, `id [2]`, as Fanout names a test loaded twice (test_json's doctests and classes)."""
    found, seen, pending = {}, {}, None

    def record(test_id, verdict):
        outcome = VERBOSE_OUTCOMES[verdict]
        seen[test_id] = seen.get(test_id, 0) + 1
        if number_repeats and seen[test_id] > 1:
            found["%s [%d]" % (test_id, seen[test_id])] = outcome
        elif RANK[outcome] >= RANK.get(found.get(test_id), -1):
            found[test_id] = outcome

    for line in text.splitlines():
        doctest = DOCTEST_LINE.match(line)
        test = TEST_LINE.match(line)
        late = LATE_VERDICT.match(line)
        if doctest:
            record(doctest_id(doctest.group(1)), doctest.group(2))
            pending = None
        elif test:
            # A class or module fixture's line names it as unittest's id does: `setUpClass (module.Class)`.
            fixture = line.split(" ", 1)[0] in FIXTURES
            test_id = "%s (%s)" % (line.split(" ", 1)[0], test.group(1)) if fixture else test.group(1)
            verdict = LATE_VERDICT.match(test.group(2) or "")
            pending = None if verdict else test_id
            if verdict:
                record(test_id, verdict.group(1))
        elif pending and late:
            record(pending, late.group(1))
            pending = None
    return found


def doctest_id(name):
    """A doctest's unittest id: its name; a doctest file's (`ieee754.txt`) with the dots as underscores."""
    return name.replace(".", "_") if name.endswith((".txt", ".rst")) else name


def counts(outcomes):
    """{outcome: how many tests have it}, sorted by outcome."""
    found = {}
    for outcome in outcomes.values():
        found[outcome] = found.get(outcome, 0) + 1
    return dict(sorted(found.items()))


def report(expected, actual, sections=()):
    """Prints up to 20 tests of each kind of difference between `expected` (the direct run's {id: outcome}) and
    `actual` (Fanout's), after those of `sections` ((label, ids) pairs), then EQUAL or DIFFERENT; returns
    whether the two are equal."""
    sections = list(sections) + [
        ("only in the direct run", sorted(set(expected) - set(actual))),
        ("only in fanout's", sorted(set(actual) - set(expected))),
        ("different outcome", sorted(test for test in set(expected) & set(actual) if expected[test] != actual[test])),
    ]
    for label, tests in sections:
        for test in tests[:20]:
            print("%s: %s %s" % (label, test, (expected.get(test), actual.get(test))))
    equal = not any(tests for _, tests in sections)
    print("EQUAL" if equal else "DIFFERENT")
    return equal

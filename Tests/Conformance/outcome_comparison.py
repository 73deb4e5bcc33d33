"""What the conformance scripts that compare a direct run with Fanout's, test by test, share."""


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

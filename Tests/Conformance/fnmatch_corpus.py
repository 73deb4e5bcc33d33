"""The corpus of the glob differential test: random patterns and names, each with Python's `fnmatch` answer,
which is what pytest (`python_files`, `norecursedirs`) and unittest (`-p`) apply.

    python3 fnmatch_corpus.py --count N --seed S

prints a JSON array of {"pattern", "name", "matches"}. Half of the names are made from their pattern (so that
matches are common); patterns use every construct fnmatch has, unclosed and empty classes included.
"""

import argparse
import fnmatch
import json
import random

LETTERS = ["a", "b", "é", ".", "/", "-", "^", "!", "]", "\\"]
PIECES = ["*", "**", "?", "[ab]", "[!a]", "[^a]", "[a-c]", "[]a]", "[!]]", "[", "[a", "[]", "**/", "/"]


def pattern(rng):
    return "".join(rng.choice(PIECES) if rng.random() < 0.4 else rng.choice(LETTERS) for _ in range(rng.randint(0, 7)))


def name_like(rng, text):
    """A name the pattern plausibly matches: each wildcard replaced by a few letters, literals kept."""
    out = []
    for char in text:
        if char in "*?[]":
            out.append("".join(rng.choice(LETTERS) for _ in range(rng.randint(0, 2))))
        else:
            out.append(char)
    return "".join(out)


def corpus(count, seed):
    rng = random.Random(seed)
    items = []
    for index in range(count):
        text = pattern(rng)
        if index % 2:
            name = name_like(rng, text)
        else:
            name = "".join(rng.choice(LETTERS) for _ in range(rng.randint(0, 6)))
        items.append({"pattern": text, "name": name, "matches": fnmatch.fnmatchcase(name, text)})
    return items


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args()
    print(json.dumps(corpus(arguments.count, arguments.seed)))


if __name__ == "__main__":
    main()

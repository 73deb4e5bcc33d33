"""The corpus of the TOML differential test: real pyproject.toml files and generated documents (valid ones in
every syntax TOML 1.0 has, and mutations of them, most invalid), each with what Python's tomllib makes of it.

    python3 toml_corpus.py --real DIR --generated N --seed S

prints a JSON array of {"name", "text", "expected"}; "expected" is the document as canonical values
({"string": ...}, {"integer": "..."}, {"float": "..."}, {"bool": ...}, {"datetime": true}, lists, tables) or
null when tomllib refuses it; "beyond64Bits" is true when tomllib reads an integer that does not fit in 64 bits
(Fanout refuses those, saying so).
"""

import argparse
import datetime
import json
import math
import pathlib
import random
import string
import tomllib

BARE = string.ascii_letters + string.digits + "_-"


def canonical(value):
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, int):
        return {"integer": str(value)}
    if isinstance(value, float):
        if math.isnan(value):
            return {"float": "nan"}
        if math.isinf(value):
            return {"float": "inf" if value > 0 else "-inf"}
        return {"float": repr(value)}
    if isinstance(value, str):
        return {"string": value}
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return {"datetime": True}
    if isinstance(value, list):
        return [canonical(item) for item in value]
    return {key: canonical(item) for key, item in value.items()}


def key(r):
    c = r.random()
    if c < 0.6:
        return "".join(r.choice(BARE) for _ in range(r.randint(1, 8)))
    if c < 0.8:
        return '"' + basic(r, 6) + '"'
    if c < 0.9:
        return "'" + "".join(r.choice(string.ascii_letters + " .#=") for _ in range(r.randint(0, 6))) + "'"
    return key(r) + "." + key(r)


def basic(r, n):
    out = []
    for _ in range(r.randint(0, n)):
        c = r.random()
        if c < 0.7:
            out.append(r.choice(string.ascii_letters + string.digits + " #=[]{}.,'"))
        elif c < 0.8:
            out.append(r.choice(["\\n", "\\t", '\\"', "\\\\", "\\b", "\\f", "\\r"]))
        elif c < 0.9:
            out.append("\\u%04X" % r.choice([0x41, 0xE9, 0x263A, 0x20AC]))
        else:
            out.append(r.choice(["é", "☺", "€", "日本"]))
    return "".join(out)


def integer(r):
    c = r.random()
    if c < 0.5:
        return str(r.randint(-(10**6), 10**6))
    if c < 0.6:
        return "1_000_" + "%03d" % r.randint(0, 999)
    if c < 0.7:
        return "0x" + "%X" % r.randint(0, 65535)
    if c < 0.8:
        return "0o" + "%o" % r.randint(0, 4095)
    if c < 0.9:
        return "0b" + bin(r.randint(0, 255))[2:]
    return r.choice(["+17", "-0", "+0", "9223372036854775807", "-9223372036854775808"])


def floating(r):
    return r.choice(
        ["3.1415", "-0.01", "5e+22", "1e06", "-2E-2", "6.626e-34", "224_617.445_991", "inf", "+inf", "-inf",
         "nan", "+nan", "0.0", "-0.0", "1.5", str(r.uniform(-1e6, 1e6))]
    )


def value(r, depth=0):
    c = r.random()
    if c < 0.2:
        return '"' + basic(r, 10) + '"'
    if c < 0.27:
        return "'" + "".join(r.choice(string.ascii_letters + ' \\"#') for _ in range(r.randint(0, 8))) + "'"
    if c < 0.32:
        return '"""' + r.choice(["\n", ""]) + basic(r, 8).replace('\\"', "q") + "\nline\\\n   joined" + '"""'
    if c < 0.35:
        return "'''" + r.choice(["\n", ""]) + "raw \\ text\nnext'''"
    if c < 0.5:
        return integer(r)
    if c < 0.6:
        return floating(r)
    if c < 0.65:
        return r.choice(["true", "false"])
    if c < 0.72:
        return r.choice(
            ["1979-05-27T07:32:00Z", "1979-05-27T00:32:00.999999-07:00", "1979-05-27 07:32:00", "1979-05-27",
             "07:32:00", "00:32:00.5", "2024-02-29", "1979-05-27t07:32:00z"]
        )
    if c < 0.88 and depth < 3:
        items = [value(r, depth + 1) for _ in range(r.randint(0, 4))]
        separator = r.choice([", ", ",\n  ", " , # note\n "])
        return "[" + separator.join(items) + (r.choice(["", ","]) if items else "") + "]"
    if depth < 3:
        pairs = {}
        for _ in range(r.randint(0, 3)):
            pairs[key(r).split(".")[0]] = value(r, depth + 1)
        return "{" + ", ".join("%s = %s" % pair for pair in pairs.items()) + "}"
    return "1"


def document(r):
    lines, used = [], set()

    def pairs():
        names = set()
        for _ in range(r.randint(0, 5)):
            name = key(r)
            if name in names:
                continue
            names.add(name)
            lines.append("%s = %s%s" % (name, value(r), r.choice(["", "  # comment"])))

    pairs()
    for _ in range(r.randint(0, 4)):
        name = ".".join(key(r).split(".")[0] for _ in range(r.randint(1, 2)))
        if r.random() < 0.3:
            lines.append("[[%s]]" % name)
        else:
            if name in used:
                continue
            used.add(name)
            lines.append(r.choice(["[%s]", "[ %s ]"]) % name)
        pairs()
        if r.random() < 0.2:
            lines.append("")
    return "\n".join(lines) + r.choice(["\n", "", "\r\n"])


def mutate(r, text):
    chars = list(text)
    for _ in range(r.randint(1, 3)):
        c = r.random()
        position = r.randint(0, len(chars)) if chars else 0
        if c < 0.4 and chars:
            del chars[min(position, len(chars) - 1)]
        elif c < 0.8:
            chars.insert(position, r.choice("\"'[]{}=,.#\n\\ \t\x00\x7f\ré0x_-+:"))
        elif chars:
            chars[min(position, len(chars) - 1)] = r.choice('"=[\n#')
    return "".join(chars)


def expected(text):
    try:
        return canonical(tomllib.loads(text))
    except tomllib.TOMLDecodeError:
        return None


def beyond_64_bits(value):
    if isinstance(value, dict):
        if set(value) == {"integer"}:
            return not -(2**63) <= int(value["integer"]) < 2**63
        return any(beyond_64_bits(item) for item in value.values())
    if isinstance(value, list):
        return any(beyond_64_bits(item) for item in value)
    return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--real", type=pathlib.Path)
    parser.add_argument("--generated", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args()
    corpus = []
    for path in sorted(arguments.real.glob("*.toml")) if arguments.real else []:
        corpus.append((path.name, path.read_text(encoding="utf-8")))
    r = random.Random(arguments.seed)
    for number in range(arguments.generated):
        text = document(r)
        corpus.append(("generated-%d" % number, text))
        corpus.append(("generated-%d-mutated" % number, mutate(r, text)))
    entries = []
    for name, text in corpus:
        tree = expected(text)
        entries.append({"name": name, "text": text, "expected": tree, "beyond64Bits": beyond_64_bits(tree)})
    print(json.dumps(entries))


if __name__ == "__main__":
    main()

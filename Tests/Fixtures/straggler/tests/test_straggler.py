"""With FANOUT_FIXTURE_STRAGGLE set, the first process to run `test_straggles` stalls for 30 s (it writes its pid
to `.straggler.pid` first); any later one, a speculative copy, passes at once. Without it the test takes 0.3 s,
which is what the history learns."""
import os
import pathlib
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_quick_neighbour():
    pass


def test_straggles():
    if not os.environ.get("FANOUT_FIXTURE_STRAGGLE"):
        time.sleep(0.3)
        return
    try:
        first = os.open(ROOT / ".straggler.pid", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return
    os.write(first, str(os.getpid()).encode())
    os.close(first)
    time.sleep(30)

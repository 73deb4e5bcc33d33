import os

# 1 GiB straight to the test process's output (past pytest's capture), then an abort: the agent may keep
# only a bounded tail of it, and that tail must still end with the last line before the crash.
FLOOD_BYTES = 1 << 30
CAPTURED_BYTES = 64 << 20


def test_a_captured_flood_fails():
    chunk = "x" * (1 << 20) + "\n"
    for _ in range(CAPTURED_BYTES >> 20):
        print(chunk, end="")
    print("END-OF-CAPTURED-FLOOD")
    assert False, "failed after printing 64 MiB"


def test_floods_its_output_then_aborts(capfd):
    chunk = b"y" * (1 << 20)
    with capfd.disabled():
        for _ in range(FLOOD_BYTES >> 20):
            view = memoryview(chunk)
            while view:
                view = view[os.write(1, view):]
        os.write(1, b"\nEND-OF-FLOOD\n")
        os.abort()


def test_after_the_flood():
    pass

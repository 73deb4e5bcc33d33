"""fanout_warm_forks.py: the fork protocol of every warm worker. A warm process answers ready, runs each request in
a fresh fork with the batch's environment, directory and descriptors, reports the fork's pid and then its exit
code, and as a zygote forks one such worker per slot."""
import json
import os
import socket
import subprocess
import sys
import textwrap

import fanout_warm_forks

DRIVER = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, sys.argv[1])
    import fanout_warm_forks as forks
    state = {"warm": os.getpid()}

    def run(args):
        print("args", args, "cwd", os.getcwd(), "env", os.environ.get("BATCH"), "warm", state["warm"] != os.getpid())
        state["leak"] = True
        os.write(3, b"result\\n")
        if args and args[0] == "exit":
            raise SystemExit(int(args[1]))
        return 0

    forks.WarmForks(forks.control_socket(), run).serve()
""")


def start(tmp_path, zygote=False):
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    env = dict(os.environ, FANOUT_WARM_FD=str(theirs.fileno()), FANOUT_WARM_ZYGOTE="1" if zygote else "0")
    process = subprocess.Popen([sys.executable, str(driver), os.path.dirname(fanout_warm_forks.__file__)],
                               env=env, pass_fds=(theirs.fileno(),))
    theirs.close()
    assert json.loads(ours.recv(100)) == {"ready": True}
    return process, ours


def batch(control, tmp_path, args, name):
    output = open(tmp_path / (name + ".out"), "w")
    results = open(tmp_path / (name + ".results"), "w")
    request = {"args": args, "env": dict(os.environ, BATCH=name), "cwd": str(tmp_path)}
    socket.send_fds(control, [json.dumps(request).encode()], [output.fileno(), results.fileno()])
    output.close()
    results.close()
    child = json.loads(control.recv(100))
    while True:
        end = json.loads(control.recv(100))
        if end["pid"] == child["pid"]:
            return child["pid"], end["exit"]


def test_each_batch_runs_in_its_own_fork_with_its_environment_and_descriptors(tmp_path):
    process, control = start(tmp_path)
    try:
        first, code = batch(control, tmp_path, ["a", "b"], "one")
        assert code == 0
        second, code = batch(control, tmp_path, ["exit", "7"], "two")
        assert code == 7 and second != first
        out = (tmp_path / "one.out").read_text()
        assert "args ['a', 'b']" in out and "env one" in out and "warm True" in out and str(tmp_path) in out
        assert (tmp_path / "one.results").read_text() == "result\n"
    finally:
        control.close()
        process.wait(timeout=10)


def test_a_zygote_forks_a_worker_per_slot_that_serves_batches(tmp_path):
    process, zygote = start(tmp_path, zygote=True)
    try:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        socket.send_fds(zygote, [b'{"fork": true}'], [theirs.fileno()])
        theirs.close()
        worker = json.loads(zygote.recv(100))["pid"]
        assert json.loads(ours.recv(100)) == {"ready": True}
        pid, code = batch(ours, tmp_path, [], "slot")
        assert code == 0 and pid not in (worker, process.pid)
        assert "warm True" in (tmp_path / "slot.out").read_text()
        ours.close()
    finally:
        zygote.close()
        process.wait(timeout=10)


def test_exit_status_is_the_interpreters(capsys):
    assert fanout_warm_forks.exit_status(lambda args: None, []) == 0
    assert fanout_warm_forks.exit_status(lambda args: 5, []) == 5

    def exits(code):
        def run(args):
            raise SystemExit(code)
        return run

    assert fanout_warm_forks.exit_status(exits(None), []) == 0
    assert fanout_warm_forks.exit_status(exits(2), []) == 2
    assert fanout_warm_forks.exit_status(exits("bad input"), []) == 1
    assert "bad input" in capsys.readouterr().err

    def raises(args):
        raise RuntimeError("boom")

    assert fanout_warm_forks.exit_status(raises, []) == 3
    assert "RuntimeError: boom" in capsys.readouterr().err

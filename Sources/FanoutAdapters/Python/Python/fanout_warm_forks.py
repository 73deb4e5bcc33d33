"""The fork protocol every warm worker speaks (pytest's, unittest's, Django's), loaded from beside the worker.

A warm worker imports what its framework needs once, then runs every batch in a fresh fork of itself, so batches
start without paying for imports and still cannot leak state into each other. With FANOUT_WARM_ZYGOTE=1 the
process is the host's zygote: warm once, it forks one such worker per slot (`serve_as_zygote`), so the slots
share one warm-up.

Protocol on the control socket (descriptor FANOUT_WARM_FD, SOCK_SEQPACKET, one JSON object per message): the
worker sends `{"ready": true}` once warm; the agent sends `{"args": [...], "env": {...}, "cwd": ...}` with two
descriptors attached (output, results); a child the worker forked ahead takes it and answers `{"pid": N}`, and
when the child ends the worker sends `{"pid": N, "exit": E}` (E negative: killed by signal -E), also for a child
that died waiting. One batch at a time.

Two forks of the warmed-up worker wait ahead for batches; each takes one request, runs the batch through the
framework's `run(args)`, and says how it ended.
"""
import gc
import importlib.util
import json
import os
import select
import signal
import socket
import sys
import traceback

# What only the worker reads: a batch's environment comes without them.
WORKER_VARIABLES = ("FANOUT_WARM_FD", "FANOUT_WARM_IMPORTS", "FANOUT_WARM_ARGS", "FANOUT_WARM_COPY_AHEAD",
                    "FANOUT_WARM_ZYGOTE", "FANOUT_CACHE_DIR")


def load_sibling(name):
    """A module from its file beside this one, without putting Fanout's directory on `sys.path` (tests import
    nothing of Fanout's)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name + ".py")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def control_socket():
    """The worker's control socket, from FANOUT_WARM_FD."""
    return socket.socket(fileno=int(os.environ["FANOUT_WARM_FD"]))


def import_warm_modules():
    """The user's `warm_imports` (FANOUT_WARM_IMPORTS, comma-separated)."""
    for name in filter(None, os.environ.get("FANOUT_WARM_IMPORTS", "").split(",")):
        importlib.import_module(name)


def exit_status(run, args):
    """`run(args)`'s exit code, as the interpreter would make it of what `run` returned or raised."""
    try:
        code = run(args)
    except SystemExit as exit:
        code = exit.code
    except BaseException:
        traceback.print_exc()
        return 3
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


class NoPageCopies:
    """Page copies ahead turned off."""

    def copy_ahead(self, learner):
        pass

    def take_learner(self):
        return False

    def learn(self, fd):
        pass

    def report(self, fd):
        pass


def page_copies():
    """The page copies ahead of fanout_page_copies.py, configured from the environment."""
    module = load_sibling("fanout_page_copies")
    return module.PageCopies(os.environ.get("FANOUT_WARM_COPY_AHEAD") == "1", os.environ.get("FANOUT_WARM_STATS"))


def serve_as_zygote(zygote):
    """The host's one warm process (FANOUT_WARM_ZYGOTE=1): warm once, it forks a worker for each slot that asks
    (`{"fork": true}` with the worker's control socket attached) and answers `{"pid": N}`. Returns in each forked
    worker, with that worker's control socket; the zygote itself never returns and exits when the agent goes."""
    zygote.send(b'{"ready": true}')
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(zygote, 4096, 1)
        except OSError:
            message, fds = b"", []
        while True:  # workers a slot discarded end here
            try:
                if os.waitpid(-1, os.WNOHANG)[0] == 0:
                    break
            except ChildProcessError:
                break
        if not message or not fds:
            os._exit(0)
        pid = os.fork()
        if pid == 0:
            zygote.close()
            os.setpgid(0, 0)
            return socket.socket(fileno=fds[0])
        os.close(fds[0])
        try:
            os.setpgid(pid, pid)  # also here, so the group exists whichever process runs first
        except OSError:
            pass
        zygote.send(json.dumps({"pid": pid}).encode())


class WarmForks:
    """Runs batches in forks of this warm process: `run(args)` runs one batch in the fork (its environment,
    working directory and descriptors already the batch's) and returns its exit code; `prepare_child()`, if
    given, runs first in every fork."""

    def __init__(self, control, run, prepare_child=None, copies=None):
        self.control = control
        self.run = run
        self.prepare_child = prepare_child
        self.copies = copies
        self.warm_tmpdir = os.environ.get("TMPDIR")

    def serve(self):
        """Forks a worker per slot when this is the zygote, says it is warm, and serves batches until the agent
        goes. Never returns."""
        # Objects that exist now are never garbage in a child: keep collections in the children from walking
        # the whole warmed-up heap.
        gc.collect()
        gc.freeze()
        if self.copies is None:
            self.copies = page_copies()
        if os.environ.get("FANOUT_WARM_ZYGOTE") == "1":
            self.control = serve_as_zygote(self.control)
        self.control.send(b'{"ready": true}')
        self.fork_loop()
        os._exit(0)

    def serve_one_batch(self, done, report):
        """A child forked while the batch before it runs, so neither the fork nor the copies of the pages it
        will write are paid while the agent waits: it takes the next request itself, runs it, and writes the
        exit code to `done` once its output and results are closed, ahead of its process teardown (unmapping
        the worker's heap takes milliseconds). A learning child first reports the pages it wrote."""
        os.setpgid(0, 0)
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE, signal.SIGCHLD):
            signal.signal(number, signal.default_int_handler if number == signal.SIGINT else signal.SIG_DFL)
        if self.prepare_child is not None:
            self.prepare_child()
        for name in WORKER_VARIABLES:
            os.environ.pop(name, None)
        self.copies.copy_ahead(learner=report is not None)
        try:
            message, fds, _, _ = socket.recv_fds(self.control, 1 << 22, 2)
        except OSError:
            message = b""
        if not message:
            os._exit(0)  # the agent has gone
        self.control.send(json.dumps({"pid": os.getpid()}).encode())
        self.control.close()
        os.write(done, b"R")  # after the answer: the worker, woken, forks at once and may take this core
        request = json.loads(message)
        stacks = self.take_descriptors(fds)
        self.enter(request)
        code = 3
        try:
            code = exit_status(self.run, request["args"])
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
                signal.signal(signal.SIGUSR1, signal.SIG_IGN)
                stacks.close()
                for fd in (1, 2, 3):
                    os.close(fd)
                # Before the exit code: once the agent has it, it kills the batch's process group.
                if report is not None:
                    self.copies.report(report)
                os.write(done, b"%d\n" % int(code))
            finally:
                os._exit(int(code))

    @staticmethod
    def take_descriptors(fds):
        """The batch's output becomes stdout and stderr, its results descriptor 3; SIGUSR1 (a timeout) prints
        every thread's stack to the output. Returns that stack stream."""
        import faulthandler
        output, results = fds
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.dup2(results, 3)
        for fd in fds:
            if fd > 3:
                os.close(fd)
        stacks = os.fdopen(os.dup(2), "w")
        faulthandler.register(signal.SIGUSR1, file=stacks, all_threads=True)
        return stacks

    def enter(self, request):
        """The batch's environment and working directory."""
        if request["env"] != os.environ:
            os.environ.clear()
            os.environ.update(request["env"])
        # The zygote warmed up with the first slot's TMPDIR; a module that cached it must look again.
        if os.environ.get("TMPDIR") != self.warm_tmpdir and "tempfile" in sys.modules:
            sys.modules["tempfile"].tempdir = None
        os.chdir(request["cwd"])

    def fork_child(self, inherited):
        """Forks a child that waits for a batch; `inherited` are the worker's ends of the other children's
        pipes."""
        done, done_by_child = os.pipe()
        report, report_by_child = os.pipe() if self.copies.take_learner() else (None, None)
        pid = os.fork()
        if pid == 0:
            for fd in (done, report) + inherited:
                if fd is not None:
                    os.close(fd)
            self.serve_one_batch(done_by_child, report_by_child)
        os.close(done_by_child)
        if report_by_child is not None:
            os.close(report_by_child)
        try:
            os.setpgid(pid, pid)  # also here, so the group exists whichever process runs first
        except OSError:
            pass
        return pid, done, report

    def agent_gone(self):
        try:
            return self.control.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except BlockingIOError:
            return False

    def fork_loop(self):
        """Two children wait at all times, so the one that takes a batch was forked a whole batch earlier and
        has had the time of two batches to copy its pages: with short batches one batch was not enough, and the
        agent waited for the copies."""
        waiting = [self.fork_child(())]
        waiting.append(self.fork_child(waiting[0][1:]))
        ending = None  # the last batch's child, still being torn down
        while waiting:
            ready, _, _ = select.select([done for _, done, _ in waiting], [], [])
            child = next(each for each in waiting if each[1] == ready[0])
            waiting.remove(child)
            pid, done, report = child
            if not os.read(done, 1):
                self.died_waiting(child, waiting)
                continue
            waiting.append(self.fork_child(tuple(fd for each in waiting + [child] for fd in each[1:])))
            if report is not None:
                self.copies.learn(report)  # read first: the child writes it before its exit code
            code, still_to_reap = self.exit_code(pid, done)
            os.close(done)
            self.control.send(json.dumps({"pid": pid, "exit": code}).encode())
            if ending is not None:
                os.waitpid(ending, 0)
            ending = pid if still_to_reap else None

    def died_waiting(self, child, waiting):
        """A child killed while it waited, or just after it answered a request: the agent ignores the end of a
        child it sent nothing. Another takes its place."""
        pid, done, report = child
        os.close(done)
        if report is not None:
            os.close(report)
        _, status = os.waitpid(pid, 0)
        if not self.agent_gone():
            self.control.send(json.dumps({"pid": pid, "exit": os.waitstatus_to_exitcode(status)}).encode())
            waiting.append(self.fork_child(tuple(fd for each in waiting for fd in each[1:])))

    @staticmethod
    def exit_code(pid, done):
        """The code the child wrote, or (when it died first) how it ended."""
        written = b""
        while not written.endswith(b"\n"):
            chunk = os.read(done, 64)
            if not chunk:
                _, status = os.waitpid(pid, 0)
                return os.waitstatus_to_exitcode(status), False
            written += chunk
        return int(written), True

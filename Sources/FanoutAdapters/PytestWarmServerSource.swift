/// The warm pytest worker each slot keeps: a Python process that imports pytest, its plugins (through one
/// pytest session that collects nothing and loads no conftest, so plugins load exactly as in a batch),
/// Fanout's plugin and the user's `warm_imports` once, then runs every batch in a fresh fork of itself, so
/// batches start without paying for imports and still cannot leak state into each other.
///
/// Protocol on the control socket (descriptor FANOUT_WARM_FD, SOCK_SEQPACKET, one JSON object per message):
/// the worker sends `{"ready": true}` once warm; the agent sends `{"args": [...], "env": {...}, "cwd": ...}`
/// with two descriptors attached (output, results); the worker forks, answers `{"pid": N}`, and when the child
/// ends, `{"pid": N, "exit": E}` (E negative: killed by signal -E). One batch at a time.
enum PytestWarmServerSource {
    /// Descriptor number of the control socket in the worker.
    static let controlDescriptor: Int32 = 5
    static let fileName = "fanout_warm_worker.py"

    static let server = #"""
        import importlib, importlib.util, json, os, signal, socket, sys, traceback

        sys.path[0] = ""  # as under `python -c`, which cold batches use: the working directory, not this file's

        control = socket.socket(fileno=int(os.environ["FANOUT_WARM_FD"]))
        spec = importlib.util.spec_from_file_location("fanout_pytest_plugin", os.environ["FANOUT_PLUGIN_PATH"])
        plugin = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(plugin)
        import pytest

        # Warm up through pytest itself, in a session that collects nothing and loads no conftest: plugins
        # load (and get assertion-rewritten) as in a batch, and what they import lazily is imported now.
        result_fd, plugin._FD = plugin._FD, -1  # nothing to report from the warm-up
        pytest.main(
            json.loads(os.environ["FANOUT_WARM_ARGS"])
            + ["--collect-only", "-q", "--noconftest", "-p", "no:cacheprovider",
               "--fanout-file=" + os.path.join(os.getcwd(), ".fanout-warm-up-collects-nothing"), os.getcwd()],
            plugins=[plugin])
        plugin._FD = result_fd
        for name in filter(None, os.environ.get("FANOUT_WARM_IMPORTS", "").split(",")):
            importlib.import_module(name)
        # Objects that exist now are never garbage in a child: keep collections in the children (pytest runs
        # several at the end of each session) from walking the whole warmed-up heap.
        import gc
        gc.collect()
        gc.freeze()
        control.send(b'{"ready": true}')


        def run_child(request, fds):
            control.close()
            os.setpgid(0, 0)
            output, results = fds
            os.dup2(output, 1)
            os.dup2(output, 2)
            os.dup2(results, 3)
            for fd in fds:
                if fd > 3:
                    os.close(fd)
            for number in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE, signal.SIGCHLD):
                signal.signal(number, signal.default_int_handler if number == signal.SIGINT else signal.SIG_DFL)
            # On SIGUSR1 (a timeout), every thread's stack goes to the batch's output.
            import faulthandler
            global stacks
            stacks = os.fdopen(os.dup(2), "w")
            faulthandler.register(signal.SIGUSR1, file=stacks, all_threads=True)
            os.environ.clear()
            os.environ.update(request["env"])
            os.chdir(request["cwd"])
            sys.argv = ["-c"] + request["args"]
            code = 3
            try:
                code = pytest.main(request["args"], plugins=[plugin])
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else 1
            except BaseException:
                traceback.print_exc()
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(int(code))


        while True:
            try:
                message, fds, _, _ = socket.recv_fds(control, 1 << 22, 2)
            except OSError:
                break
            if not message:
                break
            request = json.loads(message)
            pid = os.fork()
            if pid == 0:
                run_child(request, fds)
            try:
                os.setpgid(pid, pid)  # also here, so the agent can signal the group as soon as it knows the pid
            except OSError:
                pass
            for fd in fds:
                os.close(fd)
            control.send(json.dumps({"pid": pid}).encode())
            _, status = os.waitpid(pid, 0)
            control.send(json.dumps({"pid": pid, "exit": os.waitstatus_to_exitcode(status)}).encode())
        """#
}

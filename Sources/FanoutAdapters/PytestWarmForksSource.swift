/// The warm pytest worker's fork loop (the end of `PytestWarmServerSource.server`, which defines what it uses:
/// `control`, `plugin`, `prepared`, `prepare_config`, `page_copies`): two forks of the warmed-up worker wait
/// ahead for batches; each takes one request, runs the batch, and says how it ended.
enum PytestWarmForksSource {
    static let forks = #"""
        def serve_one_batch(done, report):
            """A child forked while the batch before it runs, so neither the fork nor the copies of the pages it
            will write are paid while the agent waits: it takes the next request itself, runs it, and writes the
            exit code to `done` once its output and results are closed, ahead of its process teardown (unmapping
            the worker's heap takes milliseconds). A learning child first reports the pages it wrote."""
            os.setpgid(0, 0)
            for number in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE, signal.SIGCHLD):
                signal.signal(number, signal.default_int_handler if number == signal.SIGINT else signal.SIG_DFL)
            import faulthandler
            if prepared is not None:
                pytest_config._prepareconfig = prepare_config
            # Batches usually come with the worker's own environment, less what only the worker reads.
            for name in ("FANOUT_WARM_FD", "FANOUT_WARM_IMPORTS", "FANOUT_WARM_ARGS", "FANOUT_WARM_COPY_AHEAD"):
                os.environ.pop(name, None)
            page_copies.copy_ahead(learner=report is not None)
            try:
                message, fds, _, _ = socket.recv_fds(control, 1 << 22, 2)
            except OSError:
                message = b""
            if not message:
                os._exit(0)  # the agent has gone
            control.send(json.dumps({"pid": os.getpid()}).encode())
            control.close()
            os.write(done, b"R")  # after the answer: the worker, woken, forks at once and may take this core
            request = json.loads(message)
            output, results = fds
            os.dup2(output, 1)
            os.dup2(output, 2)
            os.dup2(results, 3)
            for fd in fds:
                if fd > 3:
                    os.close(fd)
            # On SIGUSR1 (a timeout), every thread's stack goes to the batch's output.
            stacks = os.fdopen(os.dup(2), "w")
            faulthandler.register(signal.SIGUSR1, file=stacks, all_threads=True)
            if request["env"] != os.environ:
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
                    signal.signal(signal.SIGUSR1, signal.SIG_IGN)
                    stacks.close()
                    for fd in (1, 2, 3):
                        os.close(fd)
                    # Before the exit code: once the agent has it, it kills the batch's process group.
                    if report is not None:
                        page_copies.report(report)
                    os.write(done, b"%d\n" % int(code))
                finally:
                    os._exit(int(code))


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


        def fork_child(inherited):
            """Forks a child that waits for a batch; `inherited` are the worker's ends of the other children's pipes."""
            done, done_by_child = os.pipe()
            report, report_by_child = os.pipe() if page_copies.take_learner() else (None, None)
            pid = os.fork()
            if pid == 0:
                for fd in (done, report) + inherited:
                    if fd is not None:
                        os.close(fd)
                serve_one_batch(done_by_child, report_by_child)
            os.close(done_by_child)
            if report_by_child is not None:
                os.close(report_by_child)
            try:
                os.setpgid(pid, pid)  # also here, so the group exists whichever process runs first
            except OSError:
                pass
            return pid, done, report


        def agent_gone():
            try:
                return control.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
            except BlockingIOError:
                return False


        # Two children wait at all times, so the one that takes a batch was forked a whole batch earlier and has
        # had the time of two batches to copy its pages: with short batches one batch was not enough, and the
        # agent waited for the copies.
        import select
        waiting = [fork_child(())]
        waiting.append(fork_child(waiting[0][1:]))
        ending = None  # the last batch's child, still being torn down
        while waiting:
            ready, _, _ = select.select([done for _, done, _ in waiting], [], [])
            child = next(each for each in waiting if each[1] == ready[0])
            waiting.remove(child)
            pid, done, report = child
            if not os.read(done, 1):
                os.close(done)
                if report is not None:
                    os.close(report)
                _, status = os.waitpid(pid, 0)
                if not agent_gone():
                    # Killed while it waited, or just after it answered a request: the agent ignores the end of
                    # a child it sent nothing.
                    control.send(json.dumps({"pid": pid, "exit": os.waitstatus_to_exitcode(status)}).encode())
                    waiting.append(fork_child(tuple(fd for each in waiting for fd in each[1:])))
                continue
            waiting.append(fork_child(tuple(fd for each in waiting + [child] for fd in each[1:])))
            if report is not None:
                page_copies.learn(report)  # read first: the child writes it before its exit code
            code, still_to_reap = exit_code(pid, done)
            os.close(done)
            control.send(json.dumps({"pid": pid, "exit": code}).encode())
            if ending is not None:
                os.waitpid(ending, 0)
            ending = pid if still_to_reap else None
        """#
}

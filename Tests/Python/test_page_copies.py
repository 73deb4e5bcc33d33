"""The warm worker's page copies ahead, on real forked processes: a learning child reports the pages it wrote; a
later child copies them before it writes, so its writes no longer fault, and nothing changes."""

import ctypes
import json
import mmap
import os
import resource

import fanout_page_copies as module


def run_child(pages, copies, learner):
    """Writes the first 32 pages in a fork; returns its faults while writing and whether all read 1 first."""
    page = module.PAGE
    faults, faults_by_child = os.pipe()
    report, report_by_child = os.pipe()
    pid = os.fork()
    if pid == 0:
        # The fork must never return into pytest, whatever happens in it.
        try:
            if not learner:
                copies.copy_ahead(learner=False)
            unchanged = all(pages[index * page] == 1 for index in range(64))
            before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            for index in range(32):
                pages[index * page] = 2
            after = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            os.write(faults_by_child, json.dumps([after - before, unchanged]).encode())
            if learner:
                copies.report(report_by_child)
        finally:
            os._exit(0)
    os.close(faults_by_child)
    os.close(report_by_child)
    if learner:
        copies.learn(report)
    else:
        os.close(report)
    result = json.loads(os.read(faults, 4096))
    os.waitpid(pid, 0)
    return result


def test_later_children_find_the_pages_earlier_ones_wrote_already_copied():
    page = module.PAGE
    pages = mmap.mmap(-1, 64 * page, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    for index in range(64):
        pages[index * page] = 1
    base = ctypes.addressof(ctypes.c_char.from_buffer(pages))
    copies = module.PageCopies(True)
    learner_faults, learner_unchanged = run_child(pages, copies, learner=True)
    learned = set(copies.pages)
    copied_faults, copied_unchanged = run_child(pages, copies, learner=False)
    assert learner_faults >= 32
    assert copied_faults < 4
    assert learner_unchanged and copied_unchanged
    assert all(base + index * page in learned for index in range(32))
    assert not any(base + index * page in learned for index in range(32, 64))


def test_copying_pages_that_are_gone_does_no_harm():
    page = module.PAGE
    pages = mmap.mmap(-1, 64 * page, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    for index in range(64):
        pages[index * page] = 1
    copies = module.PageCopies(True)
    run_child(pages, copies, learner=True)
    pages.close()  # the learned pages are unmapped now: copying them ahead must do no harm
    pid = os.fork()
    if pid == 0:
        try:
            copies.copy_ahead(learner=False)
            os._exit(0)
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_with_copying_turned_off_no_child_learns():
    assert module.PageCopies(False).take_learner() is False

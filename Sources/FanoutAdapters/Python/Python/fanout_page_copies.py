"""A warm worker's page copies ahead (loaded by fanout_warm_forks.py from beside its own file).

A batch (a pytest session, say) writes to some 3,000 of the warm worker's pages (reference counts, allocator
state). In a forked child each of those is copied on its first write, which was about half of a small batch's time. The
worker's first children report which of its pages they wrote (from /proc/self/pagemap: present, and no longer
shared); every later child has the kernel copy those pages (`MADV_POPULATE_WRITE`, Linux 5.14 and later) before
its batch arrives, while the batch before it still runs. A copy changes no content: a page copied and never
written costs time only.

Copying ahead takes the copies off the batch's path, not off the machine: it pays where a core is idle while the
batch runs, and costs (it copies every page any learner wrote) where every core runs a slot. The agent turns it
on only where the host has more CPUs than slots (FANOUT_WARM_COPY_AHEAD=1).

With FANOUT_WARM_STATS naming a file, the worker and its children append one JSON object per line to it: what
each child copied ahead (`copiedPages`, `copyMilliseconds`, or `learner`) and what the worker learned
(`learnedPages`), to see whether and what copying ahead does on a host.
"""
import ctypes
import errno
import json
import os
import struct
import time

PAGE = os.sysconf("SC_PAGE_SIZE")
MADV_POPULATE_WRITE = 23
LEARNING_CHILDREN = 3


class PageCopies:
    def __init__(self, enabled, stats_path=None):
        self.pages = set()
        self.runs = []
        self.enabled = enabled
        self.stats_path = stats_path
        self.layout = self.writable_regions() if enabled else []
        self.learners_left = LEARNING_CHILDREN if self.layout else 0
        try:
            self.madvise = ctypes.CDLL(None, use_errno=True).madvise
            self.madvise.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
        except (OSError, AttributeError):
            self.learners_left = 0

    @staticmethod
    def writable_regions():
        """The worker's private writable mappings (heap, arenas, libraries' data), less its stack."""
        regions = []
        try:
            with open("/proc/self/maps") as maps:
                for line in maps:
                    fields = line.split()
                    if fields[1] == "rw-p" and fields[-1] != "[stack]":
                        start, end = fields[0].split("-")
                        regions.append((int(start, 16), int(end, 16)))
        except (OSError, IndexError, ValueError):
            return []
        return regions

    def take_learner(self):
        """Whether the next child reports the pages it writes (and so copies none ahead)."""
        if self.learners_left <= 0:
            return False
        self.learners_left -= 1
        return True

    def copy_ahead(self, learner):
        """In a child, before its batch: copy the pages earlier children wrote (a learner copies none)."""
        started = time.monotonic()
        copied, supported = 0, True
        for start, length in [] if learner else self.runs:
            if self.madvise(start, length, MADV_POPULATE_WRITE) == 0:
                copied += length // PAGE
            elif ctypes.get_errno() == errno.EINVAL:  # a kernel before 5.14 (ENOMEM: unmapped since)
                supported = False
                break
        self.record(pid=os.getpid(), copyAhead=self.enabled, learner=learner, copiedPages=copied,
                    copyMilliseconds=round((time.monotonic() - started) * 1000, 2), supported=supported)

    def record(self, **fields):
        if self.stats_path:
            try:
                with open(self.stats_path, "a") as stats:
                    stats.write(json.dumps(fields) + "\n")
            except OSError:
                pass

    def report(self, fd):
        """In a learning child, after its batch: the worker's pages it wrote, as JSON on `fd`."""
        pages = []
        try:
            with open("/proc/self/pagemap", "rb") as pagemap:
                for start, end in self.layout:
                    pagemap.seek(start // PAGE * 8)
                    entries = pagemap.read((end - start) // PAGE * 8)
                    for index, (entry,) in enumerate(struct.iter_unpack("=Q", entries)):
                        if entry >> 63 & 1 and entry >> 56 & 1:  # present, mapped by this process alone
                            pages.append(start + index * PAGE)
        except OSError:
            pages = []
        with open(fd, "wb") as out:
            out.write(json.dumps(pages).encode())

    def learn(self, fd):
        """In the worker: a learning child's report (nothing when the child died first)."""
        with open(fd, "rb") as report:
            data = report.read()
        try:
            self.pages.update(json.loads(data))
        except ValueError:
            return
        self.record(learnedPages=len(self.pages))
        runs = []
        for page in sorted(self.pages):
            if runs and runs[-1][1] == page:
                runs[-1][1] = page + PAGE
            else:
                runs.append([page, page + PAGE])
        self.runs = [(start, end - start) for start, end in runs]

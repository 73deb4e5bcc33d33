#ifndef FANOUT_SPAWN_H
#define FANOUT_SPAWN_H
#include <sys/types.h>

/// Spawns `argv[0]` (searched in PATH when it has no slash) with `envp`, in `cwd` when not NULL.
/// `fd_map` holds `fd_count` pairs (source, target): each source is dup2'ed onto its target in the child;
/// every other descriptor above 2 that is not a target is closed. With `new_group`, the child leads a new
/// process group, so the whole tree it starts can be signalled at once. Signal mask and dispositions of
/// SIGINT, SIGTERM, SIGPIPE and SIGCHLD are reset to defaults in the child.
/// Returns 0 and sets `*pid`, or an errno value.
int fanout_spawn(pid_t *pid, const char *path, char *const argv[], char *const envp[], const char *cwd,
                 const int *fd_map, int fd_count, int new_group);

#endif

#ifndef FANOUT_SPAWN_EXTRAS
#define FANOUT_SPAWN_EXTRAS
/// pipe2(fds, O_CLOEXEC). Returns 0 or -1 with errno set.
int fanout_pipe_cloexec(int fds[2]);
/// CPUs this process may run on (sched_getaffinity), or 0 when unknown.
int fanout_affinity_cpu_count(void);
#endif

#ifndef FANOUT_FD_PASSING
#define FANOUT_FD_PASSING
#include <sys/types.h>
/// socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC): message boundaries kept, descriptors can travel.
/// Returns 0 or -1 with errno set.
int fanout_seqpacket_pair(int fds[2]);
/// Sends one message of `length` bytes with `count` descriptors attached (SCM_RIGHTS).
/// Returns the bytes sent or -1 with errno set.
ssize_t fanout_send_with_descriptors(int socket, const void *bytes, size_t length, const int *descriptors, int count);
#endif

#ifndef FANOUT_THREAD_NAME
#define FANOUT_THREAD_NAME
/// Names the calling thread (its first 15 bytes) for ps, top and debuggers.
void fanout_name_this_thread(const char *name);
#endif

#ifndef FANOUT_SUBREAPER
#define FANOUT_SUBREAPER
/// Makes the calling process the reaper of its orphaned descendants (PR_SET_CHILD_SUBREAPER): a process whose
/// parent dies is reparented to it rather than to init. Returns 0 or -1 with errno set.
int fanout_become_subreaper(void);
#endif

#define _GNU_SOURCE
#include "fanout_spawn.h"
#include <sys/socket.h>
#include <sys/uio.h>
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <unistd.h>

int fanout_spawn(pid_t *pid, const char *path, char *const argv[], char *const envp[], const char *cwd,
                 const int *fd_map, int fd_count, int new_group) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    int rc = posix_spawn_file_actions_init(&actions);
    if (rc != 0) return rc;
    rc = posix_spawnattr_init(&attr);
    if (rc != 0) { posix_spawn_file_actions_destroy(&actions); return rc; }

    int highest_target = 2;
    for (int i = 0; i < fd_count && rc == 0; i++) {
        int source = fd_map[2 * i], target = fd_map[2 * i + 1];
        if (target > highest_target) highest_target = target;
        // glibc clears FD_CLOEXEC when source == target, so close-on-exec pipes may map onto themselves.
        rc = posix_spawn_file_actions_adddup2(&actions, source, target);
    }
    if (rc == 0) rc = posix_spawn_file_actions_addclosefrom_np(&actions, highest_target + 1);
    if (rc == 0 && cwd != NULL) rc = posix_spawn_file_actions_addchdir_np(&actions, cwd);

    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    if (new_group) flags |= POSIX_SPAWN_SETPGROUP;
    sigset_t empty, defaults;
    sigemptyset(&empty);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGCHLD);
    if (rc == 0) rc = posix_spawnattr_setflags(&attr, flags);
    if (rc == 0) rc = posix_spawnattr_setsigmask(&attr, &empty);
    if (rc == 0) rc = posix_spawnattr_setsigdefault(&attr, &defaults);
    if (rc == 0 && new_group) rc = posix_spawnattr_setpgroup(&attr, 0);

    if (rc == 0) rc = posix_spawnp(pid, path, &actions, &attr, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    return rc;
}

#include <fcntl.h>
#include <sched.h>

int fanout_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int fanout_affinity_cpu_count(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return 0;
    return CPU_COUNT(&set);
}

int fanout_seqpacket_pair(int fds[2]) {
    return socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds);
}

ssize_t fanout_send_with_descriptors(int socket, const void *bytes, size_t length, const int *descriptors, int count) {
    struct iovec vector = {.iov_base = (void *)bytes, .iov_len = length};
    struct msghdr message = {0};
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    char control[CMSG_SPACE(sizeof(int) * 8)];
    if (count > 8) {
        errno = EINVAL;
        return -1;
    }
    if (count > 0) {
        memset(control, 0, sizeof(control));
        message.msg_control = control;
        message.msg_controllen = CMSG_SPACE(sizeof(int) * count);
        struct cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int) * count);
        memcpy(CMSG_DATA(header), descriptors, sizeof(int) * count);
    }
    ssize_t sent;
    do {
        sent = sendmsg(socket, &message, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    return sent;
}

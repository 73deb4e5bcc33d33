#define _GNU_SOURCE
#include "fanout_spawn.h"
#include <pthread.h>
#include <string.h>

void fanout_name_this_thread(const char *name) {
    char truncated[16];
    strncpy(truncated, name, sizeof truncated - 1);
    truncated[sizeof truncated - 1] = '\0';
    pthread_setname_np(pthread_self(), truncated);
}

#ifndef FANOUT_LIBSSH2_SHIM_H
#define FANOUT_LIBSSH2_SHIM_H

#include <libssh2.h>
#include <string.h>

// Swift does not import libssh2's function-like macros; these are their expansions.

static inline LIBSSH2_CHANNEL *fanout_ssh_channel_open_session(LIBSSH2_SESSION *session) {
    return libssh2_channel_open_session(session);
}

static inline int fanout_ssh_channel_exec(LIBSSH2_CHANNEL *channel, const char *command) {
    return libssh2_channel_exec(channel, command);
}

static inline ssize_t fanout_ssh_channel_read(LIBSSH2_CHANNEL *channel, int stream, char *buffer, size_t length) {
    return libssh2_channel_read_ex(channel, stream, buffer, length);
}

static inline ssize_t fanout_ssh_channel_write(LIBSSH2_CHANNEL *channel, const char *buffer, size_t length) {
    return libssh2_channel_write_ex(channel, 0, buffer, length);
}

static inline int fanout_ssh_userauth_keyfile(LIBSSH2_SESSION *session, const char *user, const char *public_key,
                                              const char *private_key, const char *passphrase) {
    return libssh2_userauth_publickey_fromfile_ex(session, user, (unsigned int)strlen(user), public_key, private_key,
                                                  passphrase);
}

static inline int fanout_ssh_disconnect(LIBSSH2_SESSION *session, const char *description) {
    return libssh2_session_disconnect(session, description);
}

static inline int fanout_ssh_knownhost_check(LIBSSH2_KNOWNHOSTS *hosts, const char *host, int port, const char *key,
                                             size_t key_length, int hostkey_type) {
    int key_bits;
    switch (hostkey_type) {
    case LIBSSH2_HOSTKEY_TYPE_RSA: key_bits = LIBSSH2_KNOWNHOST_KEY_SSHRSA; break;
    case LIBSSH2_HOSTKEY_TYPE_DSS: key_bits = LIBSSH2_KNOWNHOST_KEY_SSHDSS; break;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: key_bits = LIBSSH2_KNOWNHOST_KEY_ECDSA_256; break;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: key_bits = LIBSSH2_KNOWNHOST_KEY_ECDSA_384; break;
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: key_bits = LIBSSH2_KNOWNHOST_KEY_ECDSA_521; break;
    case LIBSSH2_HOSTKEY_TYPE_ED25519: key_bits = LIBSSH2_KNOWNHOST_KEY_ED25519; break;
    default: key_bits = LIBSSH2_KNOWNHOST_KEY_UNKNOWN; break;
    }
    struct libssh2_knownhost *found = NULL;
    return libssh2_knownhost_checkp(hosts, host, port, key, key_length,
                                    LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | key_bits, &found);
}

static inline int fanout_ssh_knownhost_read(LIBSSH2_KNOWNHOSTS *hosts, const char *path) {
    return libssh2_knownhost_readfile(hosts, path, LIBSSH2_KNOWNHOST_FILE_OPENSSH);
}

#endif

#ifndef FANOUT_LIBSSH2_SHIM_H
#define FANOUT_LIBSSH2_SHIM_H

#include <libssh2.h>
#include <openssl/hmac.h>
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

// HMAC-SHA1 for hashed known_hosts names (OpenSSL's libcrypto, which libssh2 itself is built on).
static inline int fanout_hmac_sha1(const unsigned char *key, int key_length, const unsigned char *message,
                                   size_t message_length, unsigned char digest[20]) {
    unsigned int length = 20;
    return HMAC(EVP_sha1(), key, key_length, message, message_length, digest, &length) != NULL && length == 20;
}

#endif

#ifndef FANOUT_DIGEST_H
#define FANOUT_DIGEST_H
#include <stddef.h>

/// Room for OpenSSL's SHA256_CTX, so that OpenSSL's headers (and their deprecation marks) stay out of Swift.
typedef union fanout_sha256 {
    unsigned char bytes[128];
    unsigned long long alignment;
} fanout_sha256;

/// Starts a SHA-256 (libcrypto's, which uses the CPU's SHA extensions when present).
void fanout_sha256_init(fanout_sha256 *state);
/// Hashes `count` more bytes.
void fanout_sha256_update(fanout_sha256 *state, const void *bytes, size_t count);
/// Writes the 32-byte digest; `state` must be started again before further use.
void fanout_sha256_final(fanout_sha256 *state, unsigned char digest[32]);

#endif

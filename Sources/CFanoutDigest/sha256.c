// The low-level SHA256_* calls are deprecated in OpenSSL 3 in favour of EVP, but EVP pulls its provider machinery
// (3.8 MB) into a static link where these pull 20 KB: the agent is uploaded to every host.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "fanout_digest.h"
#include <openssl/sha.h>

_Static_assert(sizeof(SHA256_CTX) <= sizeof(fanout_sha256), "fanout_sha256 must hold a SHA256_CTX");

void fanout_sha256_init(fanout_sha256 *state) { SHA256_Init((SHA256_CTX *)state); }

void fanout_sha256_update(fanout_sha256 *state, const void *bytes, size_t count) {
    if (count > 0) SHA256_Update((SHA256_CTX *)state, bytes, count);
}

void fanout_sha256_final(fanout_sha256 *state, unsigned char digest[32]) {
    SHA256_Final(digest, (SHA256_CTX *)state);
}

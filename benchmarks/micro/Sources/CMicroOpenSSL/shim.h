// The raw SHA-256 entry points the micro-benchmarks compare the keyed hash against.
// SHA256_Transform is deprecated in OpenSSL 3 but still exported: it is exactly one compression.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>

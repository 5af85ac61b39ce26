// The few parts of OpenSSL's libcrypto secmon uses: SHA-256 and HMAC.
#include <openssl/sha.h>
#include <openssl/hmac.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/bio.h>
#include <openssl/rand.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/md5.h>
#include <openssl/bn.h>
#include <openssl/asn1.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/pkcs12.h>

/* Swift cannot import function-like or composite macros: small inline wrappers for the ones PayDesk needs. */
static inline void copenssl_free(void *pointer) { OPENSSL_free(pointer); }
static inline int copenssl_selection_keypair(void) { return EVP_PKEY_KEYPAIR; }
static inline int copenssl_selection_public_key(void) { return EVP_PKEY_PUBLIC_KEY; }
static inline int copenssl_gcm_set_iv_length(void) { return EVP_CTRL_GCM_SET_IVLEN; }
static inline int copenssl_gcm_get_tag(void) { return EVP_CTRL_GCM_GET_TAG; }
static inline int copenssl_gcm_set_tag(void) { return EVP_CTRL_GCM_SET_TAG; }

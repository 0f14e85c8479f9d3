/* token.c - capability tokens (token.h): random bits from getrandom(2),
 * SHA-256 and HMAC-SHA256 from GnuTLS (already linked for TLS), so the
 * server carries no hash code of its own.
 * Pipeline step: front end (server). */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "token.h"

#define TOKEN_BYTES 16

static const char token_b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* base64url without padding of the 16 bytes in: always 22 characters
 * (the last one carries 2 bits, so only 4 of its 64 values occur). */
static void token_encode(const unsigned char in[TOKEN_BYTES],
			 char out[TOKEN_CHARS + 1])
{
	size_t o = 0;
	unsigned bits = 0, nbits = 0;
	for (size_t i = 0; i < TOKEN_BYTES; i++) {
		bits = (bits << 8) | in[i];
		nbits += 8;
		while (nbits >= 6) {
			nbits -= 6;
			out[o++] = token_b64[(bits >> nbits) & 63];
		}
	}
	if (nbits)
		out[o++] = token_b64[(bits << (6 - nbits)) & 63];
	out[o] = '\0';
}

bool token_new(char out[TOKEN_CHARS + 1])
{
	unsigned char raw[TOKEN_BYTES];
	size_t got = 0;
	/* getrandom blocks only until the pool is first seeded; EINTR is a
	 * signal during that wait, so it is retried. */
	while (got < sizeof raw) {
		ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		got += (size_t)n;
	}
	token_encode(raw, out);
	memset(raw, 0, sizeof raw);
	return true;
}

static int token_b64_value(char c)
{
	const char *p = c ? strchr(token_b64, c) : NULL;
	return p ? (int)(p - token_b64) : -1;
}

bool token_valid(const char *s)
{
	if (!s || strlen(s) != TOKEN_CHARS)
		return false;
	for (size_t i = 0; i < TOKEN_CHARS; i++)
		if (token_b64_value(s[i]) < 0)
			return false;
	/* The last character's low 4 bits are padding, always zero in a
	 * token we made: a different one is not a token (and two strings
	 * cannot name the same 128 bits). */
	return (token_b64_value(s[TOKEN_CHARS - 1]) & 15) == 0;
}

static void token_hex(const unsigned char *in, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
	out[2 * n] = '\0';
}

void token_sha256_hex(const void *bytes, size_t len, char out[65])
{
	unsigned char d[32];
	/* gnutls_hash_fast fails only for an unknown algorithm; SHA-256 is
	 * always built in.  Zeroed first so a failure cannot leak stack. */
	memset(d, 0, sizeof d);
	(void)gnutls_hash_fast(GNUTLS_DIG_SHA256, bytes, len, d);
	token_hex(d, sizeof d, out);
}

void token_hash(const char *token, char out[65])
{
	token_sha256_hex(token, strlen(token), out);
}

void token_csrf(const char *secret, const char *token,
		char out[TOKEN_CHARS + 1])
{
	unsigned char d[32];
	memset(d, 0, sizeof d);
	(void)gnutls_hmac_fast(GNUTLS_MAC_SHA256, secret, strlen(secret), token,
			       strlen(token), d);
	token_encode(d, out);
}

bool token_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	/* Every byte of a is looked at whatever b holds, so the time tells
	 * only a's length (which is public: a token's shape). */
	unsigned diff = la != lb;
	for (size_t i = 0; i < la; i++)
		diff |= (unsigned char)a[i] ^ (unsigned char)(i < lb ? b[i] : 0);
	return diff == 0;
}

/* token.h - capability tokens: the upload links' and the admin's.  A
 * token is 128 random bits (getrandom), written as 22 base64url
 * characters; the store keeps only its SHA-256, so a copy of DIR gives no
 * one a working link.  CSRF tokens for forms are derived from the
 * server's secret and the page's token, so they need no storage.
 * Pipeline step: front end (server). */
#ifndef VC_TOKEN_H
#define VC_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#define TOKEN_CHARS 22  /* base64url of 16 bytes, no padding */

/* A new token in out (TOKEN_CHARS + NUL).  False if the system's random
 * source failed (no token is made from anything weaker). */
bool token_new(char out[TOKEN_CHARS + 1]);
/* Whether s has the shape of a token (checked before any lookup). */
bool token_valid(const char *s);
/* hex SHA-256 of len bytes (65 with NUL). */
void token_sha256_hex(const void *bytes, size_t len, char out[65]);
/* The stored form of a token: hex SHA-256 of it. */
void token_hash(const char *token, char out[65]);
/* The CSRF token for forms of the page reached with token: derived from
 * secret (the server's, from the store); out TOKEN_CHARS + NUL. */
void token_csrf(const char *secret, const char *token,
		char out[TOKEN_CHARS + 1]);
/* Constant-time comparison of two NUL-terminated strings. */
bool token_equal(const char *a, const char *b);

#endif

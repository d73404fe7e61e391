/*
 * JSON Web Tokens, HS256 only (RFC 7515 / 7519).  The algorithm is fixed
 * on our side: a token that names any other "alg" (including "none") is
 * refused before its signature is even looked at.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/jwt.h"
#include "lib/util.h"

/* Signs claims; returns "header.payload.signature" (caller frees) or NULL. */
char *
jwt_sign(const unsigned char *key, size_t keylen, json_t *claims)
{
	static const char hdr[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
	char		*h64, *p64, *payload, *input, *sig64, *out;
	unsigned char	 mac[32];

	if ((payload = json_dumps(claims, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		return NULL;
	h64 = b64url_encode((const unsigned char *)hdr, sizeof(hdr) - 1);
	p64 = b64url_encode((const unsigned char *)payload, strlen(payload));
	free(payload);
	if (h64 == NULL || p64 == NULL) {
		free(h64);
		free(p64);
		return NULL;
	}
	input = xasprintf("%s.%s", h64, p64);
	hmac_sha256(key, keylen, input, strlen(input), mac);
	sig64 = b64url_encode(mac, sizeof(mac));
	out = sig64 == NULL ? NULL : xasprintf("%s.%s", input, sig64);
	free(h64);
	free(p64);
	free(input);
	free(sig64);
	return out;
}

static json_t *
decode_part(const char *s, size_t len)
{
	unsigned char	*raw;
	size_t		 rawlen;
	json_t		*j;

	if (b64url_decode(s, len, &raw, &rawlen) != 0)
		return NULL;
	j = json_loadb((const char *)raw, rawlen, JSON_REJECT_DUPLICATES, NULL);
	free(raw);
	if (j != NULL && !json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/*
 * Verifies an HS256 token and returns its claims (caller decrefs), or NULL
 * with *why set to "malformed", "bad_signature" or "expired".  `now` is
 * the time to judge "exp" and "nbf" by.
 */
json_t *
jwt_verify(const unsigned char *key, size_t keylen, const char *tok, time_t now,
    const char **why)
{
	const char	*d1, *d2;
	json_t		*hdr, *claims;
	json_t		*exp, *nbf;
	unsigned char	 mac[32], *sig;
	size_t		 siglen;
	const char	*alg;

	*why = "malformed";
	if (tok == NULL || strlen(tok) > 8192 || (d1 = strchr(tok, '.')) == NULL ||
	    (d2 = strchr(d1 + 1, '.')) == NULL || strchr(d2 + 1, '.') != NULL)
		return NULL;
	if ((hdr = decode_part(tok, (size_t)(d1 - tok))) == NULL)
		return NULL;
	alg = json_string_value(json_object_get(hdr, "alg"));
	if (alg == NULL || strcmp(alg, "HS256") != 0 || json_object_get(hdr, "crit") != NULL) {
		json_decref(hdr);
		return NULL;
	}
	json_decref(hdr);
	if (b64url_decode(d2 + 1, strlen(d2 + 1), &sig, &siglen) != 0)
		return NULL;
	hmac_sha256(key, keylen, tok, (size_t)(d2 - tok), mac);
	if (siglen != sizeof(mac) || !ct_equal(sig, mac, sizeof(mac))) {
		free(sig);
		*why = "bad_signature";
		return NULL;
	}
	free(sig);
	if ((claims = decode_part(d1 + 1, (size_t)(d2 - d1 - 1))) == NULL)
		return NULL;
	exp = json_object_get(claims, "exp");
	nbf = json_object_get(claims, "nbf");
	if ((exp != NULL && !json_is_integer(exp)) || (nbf != NULL && !json_is_integer(nbf))) {
		json_decref(claims);
		return NULL;
	}
	if ((exp != NULL && now >= json_integer_value(exp)) ||
	    (nbf != NULL && now < json_integer_value(nbf))) {
		json_decref(claims);
		*why = "expired";
		return NULL;
	}
	*why = NULL;
	return claims;
}

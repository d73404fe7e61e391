/*
 * Password hashing with libxcrypt's yescrypt.  The plain password only
 * lives in the request that carries it; it is never stored or logged.
 */
#include "config.h"

#include <crypt.h>
#include <stdlib.h>
#include <string.h>

#include "lib/password.h"
#include "lib/util.h"

/* A "$y$..." hash of pw; caller frees; NULL on failure (logged). */
char *
password_hash(const char *pw)
{
	char			 salt[CRYPT_GENSALT_OUTPUT_SIZE];
	unsigned char		 rnd[32];
	struct crypt_data	*cd;
	char			*h, *out = NULL;

	if (rand_bytes(rnd, sizeof(rnd)) != 0)
		return NULL;
	if (crypt_gensalt_rn("$y$", 0, (const char *)rnd, sizeof(rnd), salt,
	    sizeof(salt)) == NULL) {
		klog("crypt_gensalt_rn failed");
		return NULL;
	}
	if ((cd = calloc(1, sizeof(*cd))) == NULL)
		return NULL;
	h = crypt_r(pw, salt, cd);
	if (h == NULL || h[0] == '*')
		klog("crypt_r failed");
	else
		out = xstrdup(h);
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return out;
}

/* 1 when pw matches hash; a malformed or disabled hash ("!") never matches. */
int
password_verify(const char *pw, const char *hash)
{
	struct crypt_data	*cd;
	char			*h;
	int			 ok = 0;

	if (hash == NULL || hash[0] != '$')
		return 0;
	if ((cd = calloc(1, sizeof(*cd))) == NULL)
		return 0;
	h = crypt_r(pw, hash, cd);
	if (h != NULL && h[0] != '*' && strlen(h) == strlen(hash))
		ok = ct_equal(h, hash, strlen(hash));
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return ok;
}

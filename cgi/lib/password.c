/*
 * Password hashing with libxcrypt's yescrypt.  The plain password only
 * lives in the request that carries it; it is never stored or logged.
 */
#include "config.h"

#include <crypt.h>
#include <sys/file.h>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
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

int
password_slot_take(const char *dir, int n)
{
	char	*path;
	int	 i, fd, opened = 0;

	if (n < 1)
		return -2;
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/hash-slot.%d", dir, i);
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		free(path);
		if (fd < 0)
			continue;
		opened++;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return fd;
		close(fd);
	}
	/* a directory we cannot write must not stop every registration */
	if (opened == 0) {
		klog("hash slots: cannot open any under %s; hashing without a limit", dir);
		return -2;
	}
	return -1;
}

void
password_slot_give(int fd)
{
	if (fd >= 0)
		close(fd);	/* closing drops the lock */
}

/*
 * Rendered public pages for anonymous visitors, kept per worker.
 *
 * The home page and an event page cost two or three statements and a
 * render each; for visitors who are not signed in and carry no cart or
 * guest cookie, the page is the same for everyone but for its CSRF token.
 * So a worker keeps the HTML rendered with a marker in place of the token
 * (a random 43-character base64url word, the token's own length) and
 * writes each visitor's token over the marker's places when it answers.
 *
 * An entry counts while both hold:
 *   - no request that may change state (anything but GET and HEAD) has
 *     finished in any worker of this pool since the entry was rendered: a
 *     generation word the master maps from Paths.Var/pages.gen (MAP_SHARED,
 *     before the fork) for every worker, bumped after each such request.
 *     Anything else that changes the database may write a new value there
 *     (an entry counts only while the word equals the one it was read at);
 *   - it is younger than Cache.PageSeconds (1): the bound for what changes
 *     without a request to this pool (the job runner expiring holds, time
 *     passing a sale's start, another app host of a cluster).
 * The generation is read before the page's data is, so a page rendered
 * from data older than a change is never stored as newer than it.
 */
#include "config.h"

#include <sys/mman.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"
#include "core/pagecache.h"
#include "lib/conf.h"
#include "lib/util.h"

#define PC_SLOTS	64
#define PC_TOKEN_LEN	43	/* b64url of the 32-byte HMAC */

struct pc_entry {
	char		*key;
	unsigned	 hash;
	char		*body;
	size_t		 len;
	size_t		*marks;		/* offsets of the marker in body */
	size_t		 nmarks;
	unsigned long	 gen;
	double		 at;
};

struct pagecache {
	struct pc_entry	 slot[PC_SLOTS];
	size_t		 bytes, max_bytes;
	double		 ttl;
	char		*marker;
};

/* The pool's shared counter; a process-local one when there is no pool. */
static unsigned long	 local_gen;
static volatile unsigned long *shared_gen = &local_gen;

void
pagecache_share(HDF *conf)
{
	char	*path = xasprintf("%s/pages.gen", conf_str(conf, "Paths.Var", "var"));
	void	*p = MAP_FAILED;
	int	 fd;

	/* a file, so that whatever else changes the database can mark the pages old */
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) >= 0) {
		if (ftruncate(fd, sizeof(unsigned long)) == 0)
			p = mmap(NULL, sizeof(unsigned long), PROT_READ | PROT_WRITE, MAP_SHARED,
			    fd, 0);
		close(fd);
	}
	if (p == MAP_FAILED) {
		klog("pagecache: %s: %s; the workers share the counter in memory only", path,
		    strerror(errno));
		p = mmap(NULL, sizeof(unsigned long), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	}
	free(path);
	if (p == MAP_FAILED) {
		klog("pagecache: no shared memory: no page is kept");
		return;
	}
	shared_gen = p;
}

/* -1: no counter shared across the workers, so no worker may keep pages */
static int
pc_usable(void)
{
	return shared_gen != &local_gen ? 0 : -1;
}

unsigned long
pagecache_gen(void)
{
	return __atomic_load_n(shared_gen, __ATOMIC_ACQUIRE);
}

void
pagecache_bump(void)
{
	__atomic_add_fetch(shared_gen, 1, __ATOMIC_RELEASE);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned
key_hash(const char *s)
{
	unsigned h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void
entry_clear(struct pagecache *pc, struct pc_entry *e)
{
	pc->bytes -= e->len;
	free(e->key);
	free(e->body);
	free(e->marks);
	memset(e, 0, sizeof(*e));
}

struct pagecache *
pagecache_new(HDF *conf)
{
	struct pagecache *pc;
	int		  secs = conf_int(conf, "Cache.PageSeconds", 1);

	if (secs <= 0 || pc_usable() != 0)
		return NULL;
	if ((pc = calloc(1, sizeof(*pc))) == NULL)
		return NULL;
	pc->ttl = secs;
	pc->max_bytes = (size_t)conf_int(conf, "Cache.PageBytes", 2 * 1024 * 1024);
	if ((pc->marker = random_token(32)) == NULL || strlen(pc->marker) != PC_TOKEN_LEN) {
		free(pc->marker);
		free(pc);
		return NULL;
	}
	return pc;
}

void
pagecache_free(struct pagecache *pc)
{
	size_t i;

	if (pc == NULL)
		return;
	for (i = 0; i < PC_SLOTS; i++)
		entry_clear(pc, &pc->slot[i]);
	free(pc->marker);
	free(pc);
}

const char *
pagecache_marker(const struct pagecache *pc)
{
	return pc->marker;
}

int
pagecache_token_ok(const char *token)
{
	return token != NULL && strlen(token) == PC_TOKEN_LEN;
}

/* The body with token written over each mark; malloc'd, NUL-terminated. */
static char *
with_token(const char *body, size_t len, const size_t *marks, size_t n, const char *token)
{
	char	*out = malloc(len + 1);
	size_t	 i;

	if (out == NULL)
		abort();
	memcpy(out, body, len);
	out[len] = '\0';
	for (i = 0; i < n; i++)
		memcpy(out + marks[i], token, PC_TOKEN_LEN);
	return out;
}

char *
pagecache_get(struct pagecache *pc, const char *key, const char *token, size_t *len)
{
	unsigned	 h = key_hash(key);
	struct pc_entry	*e = &pc->slot[h % PC_SLOTS];

	if (e->key == NULL || e->hash != h || strcmp(e->key, key) != 0)
		return NULL;
	if (e->gen != pagecache_gen() || now_s() - e->at >= pc->ttl) {
		entry_clear(pc, e);
		return NULL;
	}
	*len = e->len;
	return with_token(e->body, e->len, e->marks, e->nmarks, token);
}

char *
pagecache_put(struct pagecache *pc, const char *key, unsigned long gen, const char *body,
    size_t len, const char *token)
{
	unsigned	 h = key_hash(key);
	struct pc_entry	*e = &pc->slot[h % PC_SLOTS];
	size_t		*marks = NULL, n = 0, i;
	const char	*p, *end = body + len;
	char		*out;

	/* the marks first: the answer carries the visitor's token in any case */
	for (p = body; p + PC_TOKEN_LEN <= end &&
	    (p = memmem(p, (size_t)(end - p), pc->marker, PC_TOKEN_LEN)) != NULL;
	    p += PC_TOKEN_LEN) {
		size_t *m = realloc(marks, (n + 1) * sizeof(*m));

		if (m == NULL)
			abort();
		marks = m;
		marks[n++] = (size_t)(p - body);
	}
	out = with_token(body, len, marks, n, token);
	entry_clear(pc, e);
	if (len > pc->max_bytes / 4) {
		free(marks);
		return out;	/* too big to keep */
	}
	if (pc->bytes + len > pc->max_bytes)
		for (i = 0; i < PC_SLOTS; i++)
			entry_clear(pc, &pc->slot[i]);
	e->key = xstrdup(key);
	e->hash = h;
	if ((e->body = malloc(len + 1)) == NULL)
		abort();
	memcpy(e->body, body, len);
	e->body[len] = '\0';
	e->len = len;
	e->marks = marks;
	e->nmarks = n;
	e->gen = gen;
	e->at = now_s();
	pc->bytes += len;
	return out;
}

/*
 * core/pagecache.c: rendered public pages for anonymous visitors, per
 * worker, with the CSRF token written in per answer; valid while no
 * state-changing request has finished in the pool and for at most
 * Cache.PageSeconds.
 */
#ifndef KT_CORE_PAGECACHE_H
#define KT_CORE_PAGECACHE_H

#include <stddef.h>

#include <ClearSilver.h>

struct pagecache;

/* The master, before it forks: the generation counter every worker shares. */
void	 pagecache_share(HDF *conf);
/* NULL when Cache.PageSeconds is 0 or no counter is shared (no pool). */
struct pagecache *pagecache_new(HDF *conf);
void	 pagecache_free(struct pagecache *);
/* What the page is rendered with in place of the visitor's token. */
const char *pagecache_marker(const struct pagecache *);
/* True for a token the marker stands for (its length). */
int	 pagecache_token_ok(const char *token);
unsigned long pagecache_gen(void);
/* After a request that may have changed state: every worker's pages are old. */
void	 pagecache_bump(void);
/* The kept page of key with token in it (malloc'd), or NULL. */
char	*pagecache_get(struct pagecache *, const char *key, const char *token, size_t *len);
/* Keeps body (rendered with the marker, read at generation gen) under key;
 * returns it with token in place of the marker (malloc'd). */
char	*pagecache_put(struct pagecache *, const char *key, unsigned long gen,
	    const char *body, size_t len, const char *token);

#endif

/*
 * What every layer is handed: the per-process context (configuration,
 * site trees, templates, the database handle, the keys) and the user a
 * request acts for.  Types only, with the role names (lib/user.c); main/app.c
 * builds the context, since that needs the database and the templates.
 */
#ifndef KT_LIB_APP_H
#define KT_LIB_APP_H

#include <stddef.h>
#include <stdint.h>

#include "lib/render.h"

enum role { ROLE_ATTENDEE, ROLE_ORGANISER, ROLE_ADMIN, ROLE__MAX };
extern const char *const role_names[ROLE__MAX];
int	 role_parse(const char *);

struct user {
	int64_t	 id;
	enum role role;
	int	 verified;
	int	 blocked;
	char	*email;
	char	*first_name;
	char	*lang;
};
void	 user_clear(struct user *);

struct route;

/* Long-lived, one per worker process. */
struct app {
	HDF		*conf;
	HDF		*site[LANG__MAX];	/* conf + Lang tree, the templates' global HDF */
	struct tplcache	*tpl;
	struct pagecache *pages;		/* core/pagecache.c; NULL: none */
	struct db	*db;
	unsigned char	 secret[32];
	unsigned char	 jwt_key[32];		/* HMAC(secret, "jwt"): tokens and forms never share a key */
	size_t		 body_max;
	size_t		 upload_max;
	/* the pages, handed down by main: the request core knows none itself */
	const struct route *routes;
	size_t		 nroutes;
};

#endif

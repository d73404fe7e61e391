/*
 * Path matching for the route table.  A pattern is literal segments and
 * {name} placeholders, optionally followed by a literal suffix in the same
 * segment ("/events/{id}.ics").  {id} accepts 1-18 digits; other names
 * accept 1-64 characters of [A-Za-z0-9_-].
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "core/core.h"

const char *const method_names[M__MAX] = {
	"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
};

int
method_parse(const char *s)
{
	int	 i;

	if (s == NULL)
		return -1;
	for (i = 0; i < M__MAX; i++)
		if (strcmp(s, method_names[i]) == 0)
			return i;
	return -1;
}

static int
param_ok(const char *name, size_t namelen, const char *v, size_t len)
{
	size_t	 i;
	int	 digits = namelen == 2 && strncmp(name, "id", 2) == 0;

	if (len == 0 || len > (digits ? 18 : 64))
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];

		if (digits ? !isdigit(c) : !(isalnum(c) || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

/*
 * Matches one pattern against path, writing NUL-terminated copies of the
 * placeholders into scratch (at least strlen(path)+1 bytes).
 */
static int
match_one(const char *pat, const char *path, char *scratch,
    char *params[ROUTE_MAXPARAMS], size_t *nparams)
{
	size_t	 np = 0;

	while (*pat != '\0' && *path != '\0') {
		if (*pat == '{') {
			const char	*close = strchr(pat, '}'), *suffix, *segend, *vend;
			size_t		 slen, vlen;

			if (close == NULL || np == ROUTE_MAXPARAMS)
				return 0;
			suffix = close + 1;
			slen = strcspn(suffix, "/");
			segend = path + strcspn(path, "/");
			if ((size_t)(segend - path) < slen ||
			    strncmp(segend - slen, suffix, slen) != 0)
				return 0;
			vend = segend - slen;
			vlen = (size_t)(vend - path);
			if (!param_ok(pat + 1, (size_t)(close - pat - 1), path, vlen))
				return 0;
			memcpy(scratch, path, vlen);
			scratch[vlen] = '\0';
			params[np++] = scratch;
			scratch += vlen + 1;
			pat = suffix + slen;
			path = segend;
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	if (*pat != '\0' || *path != '\0')
		return 0;
	*nparams = np;
	return 1;
}

int
route_match(const struct route *tbl, size_t n, int method, const char *path,
    char *scratch, char *params[ROUTE_MAXPARAMS], size_t *nparams, unsigned *allow)
{
	size_t	 i;

	*allow = 0;
	*nparams = 0;
	for (i = 0; i < n; i++) {
		if (!match_one(tbl[i].pattern, path, scratch, params, nparams))
			continue;
		if (tbl[i].method == (enum method)method ||
		    (method == M_HEAD && tbl[i].method == M_GET)) {
			*allow = 0;	/* only meaningful for 405 */
			return (int)i;
		}
		*allow |= 1u << tbl[i].method;
	}
	*nparams = 0;
	if (*allow != 0) {
		if (*allow & (1u << M_GET))
			*allow |= 1u << M_HEAD;
		return -2;
	}
	return -1;
}

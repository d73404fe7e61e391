/*
 * multipart/form-data, parsed from a body already in memory (its size is
 * bounded by Limits.UploadBytes before it is read).  Strict where browsers
 * and curl are regular, and bounded everywhere: anything else is -1, which
 * the request core answers with 400.  Nothing is kept between calls.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/multipart.h"
#include "lib/util.h"

#define BCHARS	"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=?"

char *
mp_boundary(const char *ctype)
{
	static const char	 prefix[] = "multipart/form-data";
	const char		*p;
	size_t			 n;
	int			 quoted;

	if (ctype == NULL || strncasecmp(ctype, prefix, sizeof(prefix) - 1) != 0)
		return NULL;
	p = ctype + sizeof(prefix) - 1;
	p += strspn(p, " \t");
	if (*p++ != ';')
		return NULL;
	p += strspn(p, " \t");
	if (strncasecmp(p, "boundary=", 9) != 0)
		return NULL;
	p += 9;
	if ((quoted = *p == '"'))
		p++;
	n = strspn(p, BCHARS);
	if (n < 1 || n > 70)
		return NULL;
	if (quoted ? (p[n] != '"' || p[n + 1] != '\0') : p[n] != '\0')
		return NULL;
	return strndup(p, n);
}

/* A name as a field name may be: UTF-8, no control characters, no empty HDF step. */
static int
name_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > MP_MAX_NAME || !utf8_valid(s, n) || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f || (s[i] == '.' && s[i + 1] == '.'))
			return 0;
	return 1;
}

/*
 * One parameter's value of a Content-Disposition, from *pp (just after
 * "key="): a quoted string (no escapes: browsers send %22 for a quote) or
 * a token.  A copy, or NULL when malformed; *pp moves past it.
 */
static char *
param_value(const char **pp, const char *end)
{
	const char	*p = *pp, *q;

	if (p < end && *p == '"') {
		for (q = ++p; q < end && *q != '"'; q++)
			;
		if (q == end)
			return NULL;
		*pp = q + 1;
	} else {
		for (q = p; q < end && *q != ';' && *q != ' ' && *q != '\t' && *q != '"'; q++)
			;
		*pp = q;
	}
	if ((size_t)(q - p) > MP_MAX_NAME)
		return NULL;
	return strndup(p, (size_t)(q - p));
}

/*
 * Content-Disposition: form-data; name="…"[; filename="…"].  Other
 * parameters are skipped; a repeated name or filename is malformed.
 * 0, or -1 (with *name and *filename freed by the caller either way).
 */
static int
disposition(const char *p, const char *end, char **name, char **filename)
{
	const char	*k;
	char		**slot, *v;
	size_t		 kl;

	if ((size_t)(end - p) < 9 || strncasecmp(p, "form-data", 9) != 0)
		return -1;
	p += 9;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			return *name != NULL ? 0 : -1;
		if (*p++ != ';')
			return -1;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		for (k = p; p < end && *p != '=' && *p != ';'; p++)
			;
		if (p == end || *p != '=')
			return -1;
		kl = (size_t)(p - k);
		p++;
		slot = NULL;
		if (kl == 4 && strncasecmp(k, "name", 4) == 0)
			slot = name;
		else if (kl == 8 && strncasecmp(k, "filename", 8) == 0)
			slot = filename;
		if ((v = param_value(&p, end)) == NULL)
			return -1;
		if (slot == NULL) {
			free(v);
			continue;
		}
		if (*slot != NULL) {
			free(v);
			return -1;
		}
		*slot = v;
	}
}

/* Where needle (n bytes) first starts in [p, end), or NULL. */
static const char *
find(const char *p, const char *end, const char *needle, size_t n)
{
	if ((size_t)(end - p) < n)
		return NULL;
	return memmem(p, (size_t)(end - p), needle, n);
}

/* The headers of one part, from *pp to the empty line; 0 or -1. */
static int
part_headers(const char **pp, const char *end, char **name, char **filename, char **type)
{
	const char	*p = *pp, *eol, *colon, *v;
	size_t		 hl;
	int		 lines = 0, seen_cd = 0;

	for (;;) {
		if ((eol = find(p, end, "\r\n", 2)) == NULL || eol - p > MP_MAX_LINE)
			return -1;
		if (eol == p)
			break;
		if (++lines > MP_MAX_HEADERS || memchr(p, '\n', (size_t)(eol - p)) != NULL ||
		    memchr(p, '\0', (size_t)(eol - p)) != NULL ||
		    (colon = memchr(p, ':', (size_t)(eol - p))) == NULL)
			return -1;
		hl = (size_t)(colon - p);
		for (v = colon + 1; v < eol && (*v == ' ' || *v == '\t'); v++)
			;
		if (hl == 19 && strncasecmp(p, "Content-Disposition", 19) == 0) {
			if (seen_cd++ || disposition(v, eol, name, filename) != 0)
				return -1;
		} else if (hl == 12 && strncasecmp(p, "Content-Type", 12) == 0) {
			if (*type != NULL || (size_t)(eol - v) > MP_MAX_NAME)
				return -1;
			*type = strndup(v, (size_t)(eol - v));
		} else if (hl == 25 && strncasecmp(p, "Content-Transfer-Encoding", 25) == 0) {
			/* RFC 7578 4.7: none but the identity ones */
			if (!((eol - v == 4 && strncasecmp(v, "7bit", 4) == 0) ||
			    (eol - v == 4 && strncasecmp(v, "8bit", 4) == 0) ||
			    (eol - v == 6 && strncasecmp(v, "binary", 6) == 0)))
				return -1;
		}
		p = eol + 2;
	}
	if (!seen_cd || !name_ok(*name, strlen(*name)) ||
	    (*filename != NULL && !utf8_valid(*filename, strlen(*filename))))
		return -1;
	*pp = p + 2;
	return 0;
}

int
mp_parse(const char *body, size_t len, const char *boundary, mp_part_fn fn, void *arg)
{
	const char	*p = body, *end = body + len, *next;
	char		*delim = NULL, *name, *filename, *type;
	struct mp_part	 part;
	size_t		 dl, bl;
	int		 ret = -1, parts = 0;

	if (body == NULL || boundary == NULL || (bl = strlen(boundary)) < 1 || bl > 70)
		return -1;
	/* "\r\n--boundary": the first one has no CRLF before it */
	delim = xasprintf("\r\n--%s", boundary);
	dl = strlen(delim);
	if (len < dl - 2 || memcmp(p, delim + 2, dl - 2) != 0)
		goto out;
	p += dl - 2;
	for (;;) {
		/* after a delimiter: "--" closes, CRLF opens a part */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
			p += 2;
			ret = (p == end || (end - p == 2 && p[0] == '\r' && p[1] == '\n')) ? 0 : -1;
			goto out;
		}
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n' || ++parts > MP_MAX_PARTS)
			goto out;
		p += 2;
		name = filename = type = NULL;
		if (part_headers(&p, end, &name, &filename, &type) != 0 ||
		    (next = find(p, end, delim, dl)) == NULL) {
			free(name);
			free(filename);
			free(type);
			goto out;
		}
		part.name = name;
		part.filename = filename;
		part.type = type;
		part.data = p;
		part.len = (size_t)(next - p);
		ret = fn(arg, &part);
		free(name);
		free(filename);
		free(type);
		if (ret != 0)
			goto out;
		ret = -1;
		p = next + dl;
	}
out:
	free(delim);
	return ret;
}

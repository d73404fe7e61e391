/*
 * libFuzzer target for the request parsers (tests/fuzz.sh builds and runs
 * it).  The first byte picks what the rest of the input feeds:
 *
 *   0-3  a whole request through http_handle: the rest split at '\n' into
 *        REQUEST_METHOD, DOCUMENT_URI, QUERY_STRING, HTTP_COOKIE,
 *        HTTP_ACCEPT_LANGUAGE, CONTENT_TYPE, CONTENT_LENGTH, and the body
 *   4    route_match, over the real route table and one of tricky patterns
 *   5    lang_from_accept
 *   6    b64url_decode, which must be canonical: encode(decode(x)) == x
 *   7    utf8_valid against an independent decoder (Unicode table 3-7),
 *        email_valid, safe_next and parse_int64 with their promises
 *
 * The app is set up once, without a database: the configuration (written
 * by tests/fuzz.sh, named by KT_FUZZ_CONFIG) points DB.Socket at a socket
 * that does not exist, so every query fails with DB_DOWN.  Templates and
 * language files come from the source tree.  A broken promise abort()s,
 * which libFuzzer reports like a crash.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/app.h"
#include "core/core.h"
#include "pages/pages.h"
#include "lib/util.h"
#include "lib/conf.h"

static struct app app;

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*cfg = getenv("KT_FUZZ_CONFIG");
	HDF		*conf;

	(void)argc;
	(void)argv;
	if (cfg == NULL) {
		fprintf(stderr, "fuzz_request: set KT_FUZZ_CONFIG (tests/fuzz.sh does)\n");
		exit(2);
	}
	if ((conf = config_load(cfg)) == NULL || app_init(&app, conf) != 0) {
		fprintf(stderr, "fuzz_request: cannot set up the app from %s\n", cfg);
		exit(2);
	}
	app.routes = page_routes;
	app.nroutes = page_nroutes;
	return 0;
}

/* ---- a request over memory --------------------------------------------- */

enum { F_METHOD, F_URI, F_QUERY, F_COOKIE, F_ACCEPT, F_CTYPE, F_CLEN, F__MAX };

struct fake {
	char		*field[F__MAX];
	char		*request_uri;
	const uint8_t	*body;
	size_t		 bodylen, off;
	size_t		 outlen;
	char		 head[16];	/* the first bytes of the answer */
	size_t		 headlen;
	int		 ended_head;
	char		 last4[4];
};

static const struct {
	const char	*name;
	int		 field;		/* -1: special */
} envs[] = {
	{ "REQUEST_METHOD", F_METHOD },
	{ "DOCUMENT_URI", F_URI },
	{ "QUERY_STRING", F_QUERY },
	{ "HTTP_COOKIE", F_COOKIE },
	{ "HTTP_ACCEPT_LANGUAGE", F_ACCEPT },
	{ "CONTENT_TYPE", F_CTYPE },
	{ "CONTENT_LENGTH", F_CLEN },
	{ "REQUEST_URI", -1 },
	{ "REMOTE_ADDR", -2 },
};

static const char *
f_value(struct fake *f, size_t i)
{
	if (envs[i].field >= 0)
		return f->field[envs[i].field];
	if (envs[i].field == -1)
		return f->request_uri;
	return "127.0.0.1";
}

static char *
f_getenv(void *ctx, const char *name)
{
	struct fake	*f = ctx;
	size_t		 i;

	for (i = 0; i < sizeof(envs) / sizeof(envs[0]); i++)
		if (strcmp(envs[i].name, name) == 0)
			return f_value(f, i) ? xstrdup(f_value(f, i)) : NULL;
	return NULL;
}

static int
f_iterenv(void *ctx, int n, char **k, char **v)
{
	struct fake	*f = ctx;
	int		 i, seen = 0;

	*k = *v = NULL;
	for (i = 0; i < (int)(sizeof(envs) / sizeof(envs[0])); i++) {
		if (f_value(f, (size_t)i) == NULL)
			continue;
		if (seen++ == n) {
			*k = xstrdup(envs[i].name);
			*v = xstrdup(f_value(f, (size_t)i));
			break;
		}
	}
	return 0;
}

static int
f_read(void *ctx, char *buf, int len)
{
	struct fake	*f = ctx;
	size_t		 n = f->bodylen - f->off;

	/* no body at all is a NULL pointer: no arithmetic on it, not even + 0 */
	if (len <= 0 || n == 0 || f->body == NULL)
		return 0;
	if (n > (size_t)len)
		n = (size_t)len;
	memcpy(buf, f->body + f->off, n);
	f->off += n;
	return (int)n;
}

static int
f_write(void *ctx, const char *buf, int len)
{
	struct fake	*f = ctx;
	int		 i;

	if (len < 0)
		abort();
	for (i = 0; i < len; i++) {
		if (f->headlen < sizeof(f->head) - 1)
			f->head[f->headlen++] = buf[i];
		memmove(f->last4, f->last4 + 1, 3);
		f->last4[3] = buf[i];
		if (memcmp(f->last4, "\r\n\r\n", 4) == 0)
			f->ended_head = 1;
	}
	f->outlen += (size_t)len;
	return len;
}

static void
fuzz_http(const uint8_t *data, size_t size)
{
	struct fake	 f;
	struct http_io	 io = { &f, f_getenv, f_iterenv, f_read, f_write };
	size_t		 i, start = 0, nf = 0;

	memset(&f, 0, sizeof(f));
	for (i = 0; i <= size && nf < F__MAX; i++) {
		if (i == size || data[i] == '\n') {
			/* a NUL ends a value, as it would in a FastCGI param */
			f.field[nf++] = strndup((const char *)data + start, i - start);
			start = i + 1;
		}
	}
	if (start < size) {
		f.body = data + start;
		f.bodylen = size - start;
	}
	/* an empty optional field is an absent header */
	for (i = F_QUERY; i < F__MAX; i++)
		if (f.field[i] != NULL && f.field[i][0] == '\0') {
			free(f.field[i]);
			f.field[i] = NULL;
		}
	if (f.field[F_URI] != NULL)
		f.request_uri = xasprintf("%s%s%s", f.field[F_URI], f.field[F_QUERY] ? "?" : "",
		    f.field[F_QUERY] ? f.field[F_QUERY] : "");

	http_handle(&app, &io);

	/* every answer is a CGI answer with a status, and never a 500 */
	f.head[f.headlen] = '\0';
	if (strncmp(f.head, "Status: ", 8) != 0 || !f.ended_head) {
		fprintf(stderr, "answer without Status line or end of headers: %s\n", f.head);
		abort();
	}
	if (strncmp(f.head + 8, "500", 3) == 0) {
		fprintf(stderr, "the request core answered 500\n");
		abort();
	}
	for (i = 0; i < F__MAX; i++)
		free(f.field[i]);
	free(f.request_uri);
}

/* ---- the parsers on their own ------------------------------------------ */

static char *
cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static void h_x(struct req *r) { (void)r; }

static const struct route tricky[] = {
	{ M_GET, "/{id}", h_x, 0, "a" },
	{ M_GET, "/{id}.{code}", h_x, 0, "b" },
	{ M_POST, "/x/{code}/{id}.ics", h_x, 0, "c" },
	{ M_GET, "/{a}/{b}/{c}/{d}", h_x, 0, "d" },
	{ M_GET, "/{a}/{b}/{c}/{d}/{e}", h_x, 0, "e" },
	{ M_GET, "/{broken", h_x, 0, "f" },
	{ M_DELETE, "/", h_x, 0, "g" },
};

static void
fuzz_route(const uint8_t *data, size_t size)
{
	char	*path, *scratch, *params[ROUTE_MAXPARAMS];
	size_t	 np, i, len;
	unsigned allow;
	int	 method, idx, t;

	if (size < 1)
		return;
	method = data[0] % M__MAX;
	path = cstr(data + 1, size - 1);
	len = strlen(path);
	for (t = 0; t < 2; t++) {
		const struct route *tbl = t ? tricky : page_routes;
		size_t n = t ? sizeof(tricky) / sizeof(tricky[0]) : page_nroutes;

		/* exactly the documented minimum, so ASan sees any overrun */
		scratch = malloc(len + 1);
		if (scratch == NULL)
			abort();
		idx = route_match(tbl, n, method, path, scratch, params, &np, &allow);
		if (idx >= 0) {
			if ((size_t)idx >= n || np > ROUTE_MAXPARAMS || allow != 0 ||
			    !(tbl[idx].method == (enum method)method ||
			    (method == M_HEAD && tbl[idx].method == M_GET)))
				abort();
			for (i = 0; i < np; i++)
				if (params[i] < scratch || params[i] + strlen(params[i]) > scratch + len ||
				    strlen(params[i]) == 0 || strchr(params[i], '/') != NULL)
					abort();
		} else if (idx == -2) {
			if (allow == 0 || (allow & (1u << method)) || np != 0)
				abort();
		} else if (idx != -1 || allow != 0 || np != 0)
			abort();
		free(scratch);
	}
	free(path);
}

static void
fuzz_accept(const uint8_t *data, size_t size)
{
	char	*s = cstr(data, size);
	int	 l = lang_from_accept(s);

	if (l < -1 || l >= LANG__MAX)
		abort();
	free(s);
}

static void
fuzz_b64(const uint8_t *data, size_t size)
{
	unsigned char	*out = NULL;
	size_t		 outlen = 0;
	char		*again;

	if (b64url_decode((const char *)data, size, &out, &outlen) != 0) {
		if (out != NULL)
			abort();
		return;
	}
	if (outlen > size)
		abort();
	/* strict decoding means one spelling per value */
	again = b64url_encode(out, outlen);
	if (again == NULL || strlen(again) != size || memcmp(again, data, size) != 0)
		abort();
	free(again);
	free(out);
}

/* Well-formed UTF-8 by Unicode's table 3-7, plus "no NUL". */
static int
ref_utf8_valid(const uint8_t *s, size_t len)
{
	size_t	 i = 0;

	while (i < len) {
		uint8_t	 c = s[i], lo = 0x80, hi = 0xBF;
		size_t	 n, k;

		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			if (c == 0xE0)
				lo = 0xA0;
			if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			if (c == 0xF0)
				lo = 0x90;
			if (c == 0xF4)
				hi = 0x8F;
		} else
			return 0;
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++) {
			uint8_t b = s[i + k];

			if (k == 1 ? b < lo || b > hi : b < 0x80 || b > 0xBF)
				return 0;
		}
		i += n + 1;
	}
	return 1;
}

static void
fuzz_text(const uint8_t *data, size_t size)
{
	char		*s = cstr(data, size);
	const char	*n;
	int64_t		 v;
	int		 valid = utf8_valid((const char *)data, size);

	if (valid != ref_utf8_valid(data, size)) {
		fprintf(stderr, "utf8_valid says %d, table 3-7 says %d\n", valid, !valid);
		abort();
	}
	if (valid) {
		size_t	 i, cps = 0;

		for (i = 0; i < size; i++)
			cps += (data[i] & 0xC0) != 0x80;
		if (utf8_len(s) != cps)
			abort();
	}
	if (email_valid(s)) {
		const char *p;

		/* mail headers are built from it */
		for (p = s; *p != '\0'; p++)
			if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
			    strchr("<>\"(),;:\\[]", *p) != NULL)
				abort();
		if (strlen(s) > 254 || strchr(s, '@') == NULL)
			abort();
	}
	n = safe_next(s);
	if (n != s && strcmp(n, "/") != 0)
		abort();
	if (n == s && (s[0] != '/' || s[1] == '/' || s[1] == '\\' || strchr(s, '\\') != NULL ||
	    strpbrk(s, "\r\n\t") != NULL))
		abort();
	if (parse_int64(s, -1000, 1000, &v) == 0) {
		char buf[32];

		snprintf(buf, sizeof(buf), "%lld", (long long)v);
		if (v < -1000 || v > 1000 || (strcmp(buf, s) != 0 && s[0] != '0' &&
		    strncmp(s, "-0", 2) != 0))
			abort();
	}
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 100000)
		return 0;
	switch (data[0] % 8) {
	case 4:
		fuzz_route(data + 1, size - 1);
		break;
	case 5:
		fuzz_accept(data + 1, size - 1);
		break;
	case 6:
		fuzz_b64(data + 1, size - 1);
		break;
	case 7:
		fuzz_text(data + 1, size - 1);
		break;
	default:
		fuzz_http(data + 1, size - 1);
		break;
	}
	return 0;
}

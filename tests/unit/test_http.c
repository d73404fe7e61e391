/*
 * The request core (cgi/http.c) end to end without a web server or a
 * database: a struct http_io over memory buffers feeds http_handle, and the
 * CGI-style answer is checked.  The database is configured at a socket that
 * does not exist, so every query fails with DB_DOWN, as during an outage.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/app.h"
#include "core/core.h"
#include "pages/pages.h"
#include "lib/util.h"
#include "lib/conf.h"

#ifndef KT_TOP_SRCDIR
#error "KT_TOP_SRCDIR must name the source tree"
#endif

#define MAXENV 16

struct fake {
	const char	*env[MAXENV][2];
	size_t		 nenv;
	const char	*body;
	size_t		 bodylen, off;
	char		*out;
	size_t		 outlen;
};

static char *
f_getenv(void *ctx, const char *name)
{
	struct fake	*f = ctx;
	size_t		 i;

	for (i = 0; i < f->nenv; i++)
		if (strcmp(f->env[i][0], name) == 0)
			return xstrdup(f->env[i][1]);
	return NULL;
}

static int
f_iterenv(void *ctx, int n, char **k, char **v)
{
	struct fake *f = ctx;

	*k = *v = NULL;
	if (n < 0 || (size_t)n >= f->nenv)
		return 0;
	*k = xstrdup(f->env[n][0]);
	*v = xstrdup(f->env[n][1]);
	return 0;
}

static int
f_read(void *ctx, char *buf, int len)
{
	struct fake	*f = ctx;
	size_t		 n = f->bodylen - f->off;

	if (n > (size_t)len)
		n = (size_t)len;
	memcpy(buf, f->body + f->off, n);
	f->off += n;
	return (int)n;
}

static int
f_write(void *ctx, const char *buf, int len)
{
	struct fake *f = ctx;

	f->out = realloc(f->out, f->outlen + (size_t)len + 1);
	ck_assert_ptr_nonnull(f->out);
	memcpy(f->out + f->outlen, buf, (size_t)len);
	f->outlen += (size_t)len;
	f->out[f->outlen] = '\0';
	return len;
}

static struct app	 app;
static char		 tmpdir[64];

static void
setup(void)
{
	char	*cfg;
	FILE	*f;
	HDF	*conf;

	strcpy(tmpdir, "/tmp/kt-http-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	cfg = xasprintf("%s/kametay.hdf", tmpdir);
	f = fopen(cfg, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "Paths.Data = %s\nDB.Socket = %s/no-such-mysqld.sock\n"
	    "Secret.File = %s/secret.key\nSite.BaseURL = http://127.0.0.1:1\n"
	    "Site.TimeZone = UTC\nLimits.BodyBytes = 4096\n", KT_TOP_SRCDIR, tmpdir, tmpdir);
	fclose(f);
	conf = config_load(cfg);
	free(cfg);
	ck_assert_ptr_nonnull(conf);
	ck_assert_int_eq(app_init(&app, conf), 0);
	app.routes = page_routes;
	app.nroutes = page_nroutes;
}

static void
teardown(void)
{
	char *p;

	app_free(&app);
	p = xasprintf("%s/secret.key", tmpdir);
	unlink(p);
	free(p);
	p = xasprintf("%s/kametay.hdf", tmpdir);
	unlink(p);
	free(p);
	rmdir(tmpdir);
}

struct answer {
	int	 status;
	char	*head;		/* the header block, "\r\n"-separated */
	char	*body;
	size_t	 bodylen;
	char	*all;
};

/* Runs one request; env is NULL-terminated name, value pairs. */
static struct answer
run(const char *const *env, const char *body)
{
	struct fake	 f;
	struct http_io	 io = { &f, f_getenv, f_iterenv, f_read, f_write };
	struct answer	 a;
	char		*sep, *st;

	memset(&f, 0, sizeof(f));
	for (; env[0] != NULL; env += 2) {
		ck_assert_uint_lt(f.nenv, MAXENV);
		f.env[f.nenv][0] = env[0];
		f.env[f.nenv][1] = env[1];
		f.nenv++;
	}
	f.body = body ? body : "";
	f.bodylen = strlen(f.body);
	http_handle(&app, &io);
	ck_assert_ptr_nonnull(f.out);
	memset(&a, 0, sizeof(a));
	a.all = f.out;
	sep = strstr(f.out, "\r\n\r\n");
	ck_assert_msg(sep != NULL, "no end of headers in: %s", f.out);
	a.head = f.out;
	*sep = '\0';
	a.body = sep + 4;
	a.bodylen = f.outlen - (size_t)(a.body - f.out);
	st = strstr(a.head, "Status: ");
	ck_assert_msg(st == a.head, "the answer does not start with Status: %s", a.head);
	a.status = atoi(st + 8);
	return a;
}

/* The value of header `name` (first one), copied into buf, or NULL. */
static const char *
header(const struct answer *a, const char *name, char *buf, size_t len)
{
	const char	*p = a->head;
	size_t		 n = strlen(name);

	while (p != NULL && *p != '\0') {
		const char *eol = strstr(p, "\r\n");
		size_t linelen = eol ? (size_t)(eol - p) : strlen(p);

		if (linelen > n + 1 && strncasecmp(p, name, n) == 0 && p[n] == ':') {
			snprintf(buf, len, "%.*s", (int)(linelen - n - 2), p + n + 2);
			return buf;
		}
		p = eol ? eol + 2 : NULL;
	}
	return NULL;
}

static int
count_header(const struct answer *a, const char *name)
{
	const char	*p = a->head;
	int		 n = 0;

	for (; p != NULL && *p != '\0'; p = strstr(p, "\r\n") ? strstr(p, "\r\n") + 2 : NULL)
		if (strncasecmp(p, name, strlen(name)) == 0 && p[strlen(name)] == ':')
			n++;
	return n;
}

#define GET(path) (const char *const[]){ "REQUEST_METHOD", "GET", "DOCUMENT_URI", path, \
	"QUERY_STRING", "", NULL }

START_TEST(test_404_page)
{
	struct answer	 a = run(GET("/no-such-page"), NULL);
	char		 buf[512], want[256];

	ck_assert_int_eq(a.status, 404);
	ck_assert_str_eq(header(&a, "Content-Type", buf, sizeof(buf)), "text/html; charset=utf-8");
	ck_assert_ptr_nonnull(strstr(a.body, "<html lang=\"en\""));
	ck_assert_ptr_nonnull(strstr(a.body, site_str(&app, LANG_EN, "Lang.Error.E404.Title")));
	/* the body is as long as it says */
	snprintf(want, sizeof(want), "%zu", a.bodylen);
	ck_assert_str_eq(header(&a, "Content-Length", buf, sizeof(buf)), want);
	ck_assert_int_eq(count_header(&a, "Content-Length"), 1);
	/* security headers from the worker too, for servers other than nginx */
	ck_assert_ptr_nonnull(header(&a, "Content-Security-Policy", buf, sizeof(buf)));
	ck_assert_ptr_null(strstr(buf, "unsafe-inline"));
	ck_assert_ptr_nonnull(strstr(buf, "frame-ancestors 'none'"));
	ck_assert_str_eq(header(&a, "X-Content-Type-Options", buf, sizeof(buf)), "nosniff");
	ck_assert_ptr_nonnull(header(&a, "Referrer-Policy", buf, sizeof(buf)));
	ck_assert_str_eq(header(&a, "Cache-Control", buf, sizeof(buf)), "no-store");
	free(a.all);
}
END_TEST

START_TEST(test_404_languages)
{
	const char *const ru[] = { "REQUEST_METHOD", "GET", "DOCUMENT_URI", "/x",
	    "HTTP_ACCEPT_LANGUAGE", "ru-RU,ru;q=0.9", NULL };
	const char *const kk_cookie[] = { "REQUEST_METHOD", "GET", "DOCUMENT_URI", "/x",
	    "HTTP_ACCEPT_LANGUAGE", "ru", "HTTP_COOKIE", "lang=kk", NULL };
	const char *const bad_cookie[] = { "REQUEST_METHOD", "GET", "DOCUMENT_URI", "/x",
	    "HTTP_ACCEPT_LANGUAGE", "ru", "HTTP_COOKIE", "lang=xx", NULL };
	struct answer	 a;

	a = run(ru, NULL);
	ck_assert_ptr_nonnull(strstr(a.body, "<html lang=\"ru\""));
	ck_assert_ptr_nonnull(strstr(a.body, site_str(&app, LANG_RU, "Lang.Error.E404.Title")));
	free(a.all);
	/* the cookie beats Accept-Language */
	a = run(kk_cookie, NULL);
	ck_assert_ptr_nonnull(strstr(a.body, "<html lang=\"kk\""));
	ck_assert_ptr_nonnull(strstr(a.body, site_str(&app, LANG_KK, "Lang.Error.E404.Title")));
	free(a.all);
	/* unless it names no language of ours */
	a = run(bad_cookie, NULL);
	ck_assert_ptr_nonnull(strstr(a.body, "<html lang=\"ru\""));
	free(a.all);
}
END_TEST

START_TEST(test_api_json_errors)
{
	struct answer	 a = run(GET("/api/no-such-thing/"), NULL);
	char		 buf[256];
	json_t		*j;
	json_error_t	 e;

	ck_assert_int_eq(a.status, 404);
	ck_assert_str_eq(header(&a, "Content-Type", buf, sizeof(buf)), "application/json");
	j = json_loadb(a.body, a.bodylen, 0, &e);
	ck_assert_msg(j != NULL, "not JSON: %s", a.body);
	ck_assert_str_eq(json_string_value(json_object_get(j, "error")), "not_found");
	ck_assert_str_eq(json_string_value(json_object_get(j, "message")),
	    site_str(&app, LANG_EN, "Lang.Error.E404.Text"));
	json_decref(j);
	free(a.all);

	/* the API during a database outage: JSON 503, not a page */
	a = run(GET("/api/events/"), NULL);
	ck_assert_int_eq(a.status, 503);
	j = json_loadb(a.body, a.bodylen, 0, &e);
	ck_assert_msg(j != NULL, "not JSON: %s", a.body);
	ck_assert_str_eq(json_string_value(json_object_get(j, "error")), "unavailable");
	json_decref(j);
	free(a.all);
}
END_TEST

START_TEST(test_405_allow)
{
	const char *const del[] = { "REQUEST_METHOD", "DELETE", "DOCUMENT_URI", "/healthz", NULL };
	const char *const brew[] = { "REQUEST_METHOD", "BREW", "DOCUMENT_URI", "/", NULL };
	const char *const none[] = { "DOCUMENT_URI", "/", NULL };
	struct answer	 a;
	char		 buf[128];

	a = run(del, NULL);
	ck_assert_int_eq(a.status, 405);
	ck_assert_str_eq(header(&a, "Allow", buf, sizeof(buf)), "GET, HEAD");
	ck_assert_ptr_nonnull(strstr(a.body, site_str(&app, LANG_EN, "Lang.Error.E405.Title")));
	free(a.all);
	a = run(brew, NULL);
	ck_assert_int_eq(a.status, 405);
	ck_assert_ptr_nonnull(header(&a, "Allow", buf, sizeof(buf)));
	free(a.all);
	a = run(none, NULL);
	ck_assert_int_eq(a.status, 405);
	free(a.all);
}
END_TEST

START_TEST(test_database_down)
{
	const char *const head[] = { "REQUEST_METHOD", "HEAD", "DOCUMENT_URI", "/", NULL };
	struct answer	 a;
	char		 buf[64];

	a = run(GET("/healthz"), NULL);
	ck_assert_int_eq(a.status, 503);
	ck_assert_str_eq(a.body, "database unavailable\n");
	free(a.all);
	a = run(GET("/"), NULL);
	ck_assert_int_eq(a.status, 503);
	ck_assert_ptr_nonnull(strstr(a.body, site_str(&app, LANG_EN, "Lang.Error.E503.Title")));
	free(a.all);
	a = run(GET("/events/1"), NULL);
	ck_assert_int_eq(a.status, 503);
	free(a.all);
	/* HEAD: the same status and length, no body */
	a = run(head, NULL);
	ck_assert_int_eq(a.status, 503);
	ck_assert_uint_eq(a.bodylen, 0);
	ck_assert_int_gt(atoi(header(&a, "Content-Length", buf, sizeof(buf))), 0);
	free(a.all);
}
END_TEST

/*
 * Issue 11: /lang is a POST form with the CSRF token (a GET changed the
 * stored profile language).  GET is 405 and a POST without a token 403,
 * both setting nothing; the redirect rules are in tests/http/test_platform.py.
 */
START_TEST(test_lang_redirect)
{
	const char *const get[] = { "REQUEST_METHOD", "GET", "DOCUMENT_URI", "/lang",
	    "QUERY_STRING", "set=kk&next=%2F", NULL };
	const char *const post[] = { "REQUEST_METHOD", "POST", "DOCUMENT_URI", "/lang",
	    "CONTENT_TYPE", "application/x-www-form-urlencoded", "CONTENT_LENGTH", "15", NULL };
	struct answer	 a;

	a = run(get, NULL);
	ck_assert_int_eq(a.status, 405);
	ck_assert_ptr_null(strstr(a.head, "lang="));
	free(a.all);
	a = run(post, "set=kk&next=%2F");
	ck_assert_int_eq(a.status, 403);
	ck_assert_ptr_null(strstr(a.head, "Set-Cookie: lang="));
	free(a.all);
}
END_TEST

START_TEST(test_bad_requests)
{
	const char *const utf[] = { "REQUEST_METHOD", "GET", "DOCUMENT_URI", "/\xff\xfe", NULL };
	const char *const clen[] = { "REQUEST_METHOD", "GET", "DOCUMENT_URI", "/healthz",
	    "CONTENT_LENGTH", "12x", NULL };
	const char *const neg[] = { "REQUEST_METHOD", "GET", "DOCUMENT_URI", "/healthz",
	    "CONTENT_LENGTH", "-1", NULL };
	const char *const big[] = { "REQUEST_METHOD", "POST", "DOCUMENT_URI", "/login",
	    "CONTENT_TYPE", "application/x-www-form-urlencoded", "CONTENT_LENGTH", "4097", NULL };
	const char *const apibig[] = { "REQUEST_METHOD", "POST", "DOCUMENT_URI", "/api/login/",
	    "CONTENT_TYPE", "application/json", "CONTENT_LENGTH", "999999999999", NULL };
	char		*longpath, buf[64];
	struct answer	 a;

	a = run(utf, NULL);
	ck_assert_int_eq(a.status, 400);
	free(a.all);
	a = run(clen, NULL);
	ck_assert_int_eq(a.status, 400);
	free(a.all);
	a = run(neg, NULL);
	ck_assert_int_eq(a.status, 400);
	free(a.all);
	/* Limits.BodyBytes is 4096 here: one more is 413, before reading a byte */
	a = run(big, NULL);
	ck_assert_int_eq(a.status, 413);
	free(a.all);
	a = run(apibig, NULL);
	ck_assert_int_eq(a.status, 413);
	ck_assert_str_eq(header(&a, "Content-Type", buf, sizeof(buf)), "application/json");
	free(a.all);

	longpath = malloc(3000);
	ck_assert_ptr_nonnull(longpath);
	memset(longpath, 'a', 2999);
	longpath[0] = '/';
	longpath[2999] = '\0';
	{
		const char *const lp[] = { "REQUEST_METHOD", "GET", "DOCUMENT_URI", longpath, NULL };

		a = run(lp, NULL);
		ck_assert_int_eq(a.status, 400);
		free(a.all);
	}
	free(longpath);
}
END_TEST

/* The form token: HMAC(secret, "csrf:" cookie), as session.c makes it. */
static char *
token_for(const char *cookie)
{
	unsigned char	 mac[32];
	char		*msg = xasprintf("csrf:%s", cookie), *tok;

	hmac_sha256(app.secret, sizeof(app.secret), msg, strlen(msg), mac);
	tok = b64url_encode(mac, sizeof(mac));
	free(msg);
	return tok;
}

START_TEST(test_csrf)
{
	const char	*cookie = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456";	/* 43 */
	char		*tok = token_for(cookie), *body, *hc;
	struct answer	 a;

	ck_assert_uint_eq(strlen(cookie), 43);
	hc = xasprintf("csrf=%s", cookie);
	{
		const char *const no_cookie[] = { "REQUEST_METHOD", "POST",
		    "DOCUMENT_URI", "/password/forgot",
		    "CONTENT_TYPE", "application/x-www-form-urlencoded",
		    "CONTENT_LENGTH", "17", NULL };

		a = run(no_cookie, "email=a%40b.co&x=");
		ck_assert_int_eq(a.status, 403);
		ck_assert_ptr_nonnull(strstr(a.body, site_str(&app, LANG_EN, "Lang.Err.csrf")));
		/* the refusal hands out a cookie for the next try */
		ck_assert_ptr_nonnull(strstr(a.head, "Set-Cookie: csrf="));
		free(a.all);
	}
	body = xasprintf("email=a%%40b.co&csrf=%s", tok);
	{
		char		 len[24];
		const char	*const wrong[] = { "REQUEST_METHOD", "POST",
		    "DOCUMENT_URI", "/password/forgot", "HTTP_COOKIE", hc,
		    "CONTENT_TYPE", "application/x-www-form-urlencoded",
		    "CONTENT_LENGTH", len, NULL };

		/* right cookie, token of another cookie */
		free(tok);
		tok = token_for("0123456789012345678901234567890123456789012");
		free(body);
		body = xasprintf("email=a%%40b.co&csrf=%s", tok);
		snprintf(len, sizeof(len), "%zu", strlen(body));
		a = run(wrong, body);
		ck_assert_int_eq(a.status, 403);
		free(a.all);
		/* the right pair gets past the check to the handler (503: no database) */
		free(tok);
		tok = token_for(cookie);
		free(body);
		body = xasprintf("email=a%%40b.co&csrf=%s", tok);
		snprintf(len, sizeof(len), "%zu", strlen(body));
		a = run(wrong, body);
		ck_assert_int_ne(a.status, 403);
		free(a.all);
	}
	free(body);
	free(tok);
	free(hc);
}
END_TEST

/*
 * Regression: ClearSilver's multipart parser keeps the last boundary's
 * pointer in a static; after one multipart request, a multipart request
 * without a boundary crashed the worker (strlen(NULL)).  Now it is 400.
 */
START_TEST(test_multipart_without_boundary)
{
	const char	*cookie = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456";
	char		*tok = token_for(cookie), *hc = xasprintf("csrf=%s", cookie);
	char		*body = xasprintf("--XX\r\nContent-Disposition: form-data; name=\"csrf\"\r\n"
	    "\r\n%s\r\n--XX\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\n"
	    "a@b.co\r\n--XX--\r\n", tok);
	char		 len[24];
	const char	*const good[] = { "REQUEST_METHOD", "POST", "DOCUMENT_URI", "/login",
	    "HTTP_COOKIE", hc, "CONTENT_TYPE", "multipart/form-data; boundary=XX",
	    "CONTENT_LENGTH", len, NULL };
	static const char *const bad_types[] = {
		"multipart/form-data", "multipart/form-data;", "multipart/form-data; charset=utf-8",
		"multipart/form-data; boundary=", "multipart/form-data; boundary=\"XX\"",
		"multipart/form-data;boundary=XX", "multipart/form-data; boundary=XX; x=1",
		"multipart/form-data; x=\"a; boundary=b\"",
	};
	struct answer	 a;
	size_t		 i, k;

	snprintf(len, sizeof(len), "%zu", strlen(body));
	for (k = 0; k < 2; k++) {
		/* a well-formed multipart form is parsed: its token passes the CSRF check */
		a = run(good, body);
		ck_assert_int_ne(a.status, 403);
		ck_assert_int_ne(a.status, 400);
		free(a.all);
		for (i = 0; i < sizeof(bad_types) / sizeof(bad_types[0]); i++) {
			const char *const bad[] = { "REQUEST_METHOD", "POST", "DOCUMENT_URI", "/login",
			    "HTTP_COOKIE", hc, "CONTENT_TYPE", bad_types[i],
			    "CONTENT_LENGTH", len, NULL };

			a = run(bad, body);
			ck_assert_msg(a.status == 400, "%s: %d", bad_types[i], a.status);
			free(a.all);
		}
	}
	free(body);
	free(hc);
	free(tok);
}
END_TEST

START_TEST(test_escaping)
{
	const char *const q[] = { "REQUEST_METHOD", "GET", "DOCUMENT_URI", "/",
	    "QUERY_STRING", "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&from=%22%3E%3Cimg", NULL };
	const char *const p[] = { "REQUEST_METHOD", "GET", "DOCUMENT_URI",
	    "/<script>alert(1)</script>", NULL };
	struct answer	 a;

	a = run(q, NULL);
	ck_assert_ptr_null(strstr(a.body, "<script>alert"));
	ck_assert_ptr_null(strstr(a.body, "\"><img"));
	free(a.all);
	a = run(p, NULL);
	ck_assert_int_eq(a.status, 404);
	ck_assert_ptr_null(strstr(a.body, "<script>alert"));
	free(a.all);
}
END_TEST

START_TEST(test_odd_input)
{
	/* inputs that have tripped parsers elsewhere: none may crash or 500 */
	static const char *const qs[] = {
		"q=a&q=b&q.x=1&%00=1", "=", "&&&", "q", "q=%", "q=%zz", "q=%E0%80%AF",
		"Query.x=1", "a[]=1&a[]=2", "page=99999999999999999999", "from=2025-02-30",
	};
	size_t	 i;

	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		const char *const env[] = { "REQUEST_METHOD", "GET", "DOCUMENT_URI", "/api/events/",
		    "QUERY_STRING", qs[i], "HTTP_COOKIE", "=; ;;a=;lang", NULL };
		struct answer a = run(env, NULL);

		ck_assert_msg(a.status >= 200 && a.status < 500 ? 1 : a.status == 503,
		    "%s: %d", qs[i], a.status);
		free(a.all);
	}
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("http");
	TCase	*tc = tcase_create("http_handle");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_404_page);
	tcase_add_test(tc, test_404_languages);
	tcase_add_test(tc, test_api_json_errors);
	tcase_add_test(tc, test_405_allow);
	tcase_add_test(tc, test_database_down);
	tcase_add_test(tc, test_lang_redirect);
	tcase_add_test(tc, test_bad_requests);
	tcase_add_test(tc, test_csrf);
	tcase_add_test(tc, test_multipart_without_boundary);
	tcase_add_test(tc, test_escaping);
	tcase_add_test(tc, test_odd_input);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}

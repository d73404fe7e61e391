/*
 * Unit tests for the route matcher (cgi/router.c) and the real route table
 * (cgi/pages/routes.c): literal paths, {id} and other placeholders, suffixes in
 * the same segment, 404 against 405 with the Allow bits, HEAD as GET,
 * trailing slashes, parameter extraction and overlong segments.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "pages/pages.h"
#include "lib/util.h"

static void h_a(struct req *r) { (void)r; }
static void h_b(struct req *r) { (void)r; }

/* A table of its own, so the tests do not move when routes.c grows. */
static const struct route tbl[] = {
	{ M_GET,  "/",				h_a, 0, "home" },		/* 0 */
	{ M_GET,  "/events/{id}",		h_a, 0, "event" },		/* 1 */
	{ M_GET,  "/events/{id}.ics",		h_b, 0, "ics" },		/* 2 */
	{ M_GET,  "/tickets/{code}",		h_a, 0, "ticket" },		/* 3 */
	{ M_POST, "/tickets/{code}/cancel",	h_b, 0, "cancel" },		/* 4 */
	{ M_GET,  "/form",			h_a, 0, "form" },		/* 5 */
	{ M_POST, "/form",			h_b, 0, "form" },		/* 6 */
	{ M_POST, "/only-post",			h_b, 0, "op" },			/* 7 */
	{ M_GET,  "/api/events/",		h_a, R_API, "api" },		/* 8 */
	{ M_GET,  "/a/{id}/b/{code}/c/{id}",	h_a, 0, "three" },		/* 9 */
	{ M_GET,  "/m/{a}/{b}/{c}/{d}/{e}",	h_a, 0, "five" },		/* 10 */
	{ M_DELETE, "/events/{id}",		h_b, 0, "event-del" },		/* 11 */
};
static const size_t ntbl = sizeof(tbl) / sizeof(tbl[0]);

struct m {
	int	 idx;
	unsigned allow;
	size_t	 np;
	char	*p[ROUTE_MAXPARAMS];
	char	 scratch[4200];
};

static int
match(struct m *m, int method, const char *path)
{
	/* poison, so a stale value is noticed */
	m->np = 99;
	m->allow = 0xdead;
	memset(m->p, 0, sizeof(m->p));
	ck_assert_uint_lt(strlen(path) + 1, sizeof(m->scratch));
	m->idx = route_match(tbl, ntbl, method, path, m->scratch, m->p, &m->np, &m->allow);
	return m->idx;
}

#define B(x) (1u << (x))

START_TEST(test_literal)
{
	struct m m;

	ck_assert_int_eq(match(&m, M_GET, "/"), 0);
	ck_assert_uint_eq(m.np, 0);
	ck_assert_int_eq(match(&m, M_GET, "/form"), 5);
	ck_assert_int_eq(match(&m, M_POST, "/form"), 6);
	ck_assert_uint_eq(m.allow, 0);	/* GET /form came first: its bit must not stay */
	ck_assert_int_eq(match(&m, M_GET, "/formx"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/for"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/FORM"), -1);	/* case matters */
	ck_assert_int_eq(match(&m, M_GET, ""), -1);
	ck_assert_int_eq(match(&m, M_GET, "form"), -1);
	ck_assert_int_eq(match(&m, M_GET, "//"), -1);
}
END_TEST

START_TEST(test_id_digits_only)
{
	struct m m;

	ck_assert_int_eq(match(&m, M_GET, "/events/42"), 1);
	ck_assert_uint_eq(m.np, 1);
	ck_assert_str_eq(m.p[0], "42");
	ck_assert_int_eq(match(&m, M_GET, "/events/0"), 1);
	ck_assert_int_eq(match(&m, M_GET, "/events/4a"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/events/a4"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/events/-1"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/events/+1"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/events/1 "), -1);
	ck_assert_int_eq(match(&m, M_GET, "/events/"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/events"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/events/%31"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/events/\xd9\xa1"), -1);	/* Arabic-Indic one */
	/* 18 digits fit an int64; 19 may not and are refused */
	ck_assert_int_eq(match(&m, M_GET, "/events/123456789012345678"), 1);
	ck_assert_str_eq(m.p[0], "123456789012345678");
	ck_assert_int_eq(match(&m, M_GET, "/events/1234567890123456789"), -1);
}
END_TEST

START_TEST(test_suffix)
{
	struct m m;

	ck_assert_int_eq(match(&m, M_GET, "/events/7.ics"), 2);
	ck_assert_uint_eq(m.np, 1);
	ck_assert_str_eq(m.p[0], "7");
	ck_assert_ptr_eq(tbl[m.idx].fn, h_b);
	ck_assert_int_eq(match(&m, M_GET, "/events/7.ic"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/events/7.icsx"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/events/.ics"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/events/x.ics"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/events/7.ics/"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/events/7.ICS"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/events/ics"), -1);
}
END_TEST

START_TEST(test_code_param)
{
	struct m m;
	char	 path[128];

	ck_assert_int_eq(match(&m, M_GET, "/tickets/AbC-12_z"), 3);
	ck_assert_str_eq(m.p[0], "AbC-12_z");
	ck_assert_int_eq(match(&m, M_GET, "/tickets/a.b"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/tickets/a%b"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/tickets/a b"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/tickets/\xd0\x96"), -1);
	/* 64 characters are a code; 65 are not */
	memset(path, 0, sizeof(path));
	strcpy(path, "/tickets/");
	memset(path + 9, 'x', 64);
	ck_assert_int_eq(match(&m, M_GET, path), 3);
	ck_assert_uint_eq(strlen(m.p[0]), 64);
	path[9 + 64] = 'x';
	ck_assert_int_eq(match(&m, M_GET, path), -1);
	ck_assert_uint_eq(m.np, 0);
}
END_TEST

START_TEST(test_405_allow)
{
	struct m m;

	/* the path exists, the method does not: -2 and the methods it has */
	ck_assert_int_eq(match(&m, M_DELETE, "/form"), -2);
	ck_assert_uint_eq(m.allow, B(M_GET) | B(M_HEAD) | B(M_POST));
	ck_assert_uint_eq(m.np, 0);
	/* a POST-only path allows POST only: no HEAD without GET */
	ck_assert_int_eq(match(&m, M_GET, "/only-post"), -2);
	ck_assert_uint_eq(m.allow, B(M_POST));
	ck_assert_int_eq(match(&m, M_HEAD, "/only-post"), -2);
	ck_assert_uint_eq(m.allow, B(M_POST));
	/* parameters count: /events/5 is GET and DELETE */
	ck_assert_int_eq(match(&m, M_PUT, "/events/5"), -2);
	ck_assert_uint_eq(m.allow, B(M_GET) | B(M_HEAD) | B(M_DELETE));
	ck_assert_int_eq(match(&m, M_DELETE, "/events/5"), 11);
	ck_assert_uint_eq(m.allow, 0);
	ck_assert_str_eq(m.p[0], "5");
	/* but only where the placeholder matches: /events/x is no path at all */
	ck_assert_int_eq(match(&m, M_PUT, "/events/x"), -1);
	ck_assert_uint_eq(m.allow, 0);
	ck_assert_int_eq(match(&m, M_POST, "/tickets/ab/cancel"), 4);
	ck_assert_int_eq(match(&m, M_GET, "/tickets/ab/cancel"), -2);
	ck_assert_uint_eq(m.allow, B(M_POST));
	/* 404 leaves allow empty */
	ck_assert_int_eq(match(&m, M_POST, "/nowhere"), -1);
	ck_assert_uint_eq(m.allow, 0);
	ck_assert_uint_eq(m.np, 0);
}
END_TEST

START_TEST(test_head_is_get)
{
	struct m m;

	ck_assert_int_eq(match(&m, M_HEAD, "/"), 0);
	ck_assert_int_eq(match(&m, M_HEAD, "/events/3"), 1);
	ck_assert_str_eq(m.p[0], "3");
	ck_assert_int_eq(match(&m, M_HEAD, "/events/3.ics"), 2);
	ck_assert_int_eq(match(&m, M_HEAD, "/form"), 5);
}
END_TEST

START_TEST(test_trailing_slash)
{
	struct m m;

	ck_assert_int_eq(match(&m, M_GET, "/api/events/"), 8);
	ck_assert_int_eq(match(&m, M_GET, "/api/events"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/api/events//"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/form/"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/events/1/"), -1);
}
END_TEST

START_TEST(test_params)
{
	struct m m;

	ck_assert_int_eq(match(&m, M_GET, "/a/12/b/x-y/c/34"), 9);
	ck_assert_uint_eq(m.np, 3);
	ck_assert_str_eq(m.p[0], "12");
	ck_assert_str_eq(m.p[1], "x-y");
	ck_assert_str_eq(m.p[2], "34");
	/* the copies are separate strings in scratch, not the path */
	ck_assert_ptr_ne(m.p[0], m.p[1]);
	ck_assert(m.p[0] >= m.scratch && m.p[2] < m.scratch + sizeof(m.scratch));
	ck_assert_int_eq(match(&m, M_GET, "/a/12/b/x-y/c/3x"), -1);
	ck_assert_int_eq(match(&m, M_GET, "/a/12/b//c/34"), -1);
	/* more placeholders than ROUTE_MAXPARAMS can never match */
	ck_assert_int_eq(match(&m, M_GET, "/m/a/b/c/d/e"), -1);
}
END_TEST

START_TEST(test_overlong)
{
	struct m m;
	char	*path = malloc(4097);

	ck_assert_ptr_nonnull(path);
	memset(path, '1', 4096);
	path[0] = '/';
	path[4096] = '\0';
	memcpy(path, "/events/", 8);
	ck_assert_int_eq(match(&m, M_GET, path), -1);
	memset(path, 'a', 4096);
	memcpy(path, "/tickets/", 9);
	ck_assert_int_eq(match(&m, M_GET, path), -1);
	free(path);
}
END_TEST

START_TEST(test_method_parse)
{
	ck_assert_int_eq(method_parse("GET"), M_GET);
	ck_assert_int_eq(method_parse("HEAD"), M_HEAD);
	ck_assert_int_eq(method_parse("POST"), M_POST);
	ck_assert_int_eq(method_parse("OPTIONS"), M_OPTIONS);
	ck_assert_int_eq(method_parse("get"), -1);
	ck_assert_int_eq(method_parse("GETX"), -1);
	ck_assert_int_eq(method_parse(""), -1);
	ck_assert_int_eq(method_parse(NULL), -1);
	ck_assert_str_eq(method_names[M_DELETE], "DELETE");
}
END_TEST

/* The real table: the platform's own routes and its 404/405 answers. */
START_TEST(test_real_table)
{
	char	 scratch[256];
	char	*p[ROUTE_MAXPARAMS];
	size_t	 np;
	unsigned allow;
	int	 i;

	i = route_match(page_routes, page_nroutes, M_GET, "/healthz", scratch, p, &np, &allow);
	ck_assert_int_ge(i, 0);
	ck_assert_ptr_eq(page_routes[i].fn, h_healthz);
	i = route_match(page_routes, page_nroutes, M_GET, "/", scratch, p, &np, &allow);
	ck_assert_int_ge(i, 0);
	ck_assert_ptr_eq(page_routes[i].fn, h_home);
	i = route_match(page_routes, page_nroutes, M_GET, "/events/12", scratch, p, &np, &allow);
	ck_assert_int_ge(i, 0);
	ck_assert_ptr_eq(page_routes[i].fn, h_event);
	ck_assert_str_eq(p[0], "12");
	i = route_match(page_routes, page_nroutes, M_GET, "/api/events/12/", scratch, p, &np, &allow);
	ck_assert_int_ge(i, 0);
	ck_assert_ptr_eq(page_routes[i].fn, h_api_event);
	ck_assert(page_routes[i].flags & R_API);
	i = route_match(page_routes, page_nroutes, M_POST, "/healthz", scratch, p, &np, &allow);
	ck_assert_int_eq(i, -2);
	ck_assert_uint_eq(allow, B(M_GET) | B(M_HEAD));
	ck_assert_int_eq(route_match(page_routes, page_nroutes, M_GET, "/no-such-page", scratch, p,
	    &np, &allow), -1);
	ck_assert_int_eq(route_match(page_routes, page_nroutes, M_GET, "/events/x", scratch, p,
	    &np, &allow), -1);
}
END_TEST

/* Every pattern in the real table is well formed and no two collide. */
START_TEST(test_real_table_sane)
{
	size_t	 i, j;

	for (i = 0; i < page_nroutes; i++) {
		const char *pt = page_routes[i].pattern;
		int	 depth = 0;

		ck_assert_msg(pt[0] == '/', "route %zu: %s does not start with /", i, pt);
		ck_assert_msg(page_routes[i].fn != NULL, "route %zu has no handler", i);
		ck_assert_msg(page_routes[i].method != M_HEAD, "route %zu: HEAD is implied by GET", i);
		for (; *pt != '\0'; pt++) {
			if (*pt == '{')
				depth++;
			else if (*pt == '}')
				depth--;
			ck_assert_msg(depth == 0 || depth == 1, "route %zu: braces", i);
		}
		ck_assert_msg(depth == 0, "route %zu: unclosed brace", i);
		ck_assert_msg(strncmp(page_routes[i].pattern, "/api/", 5) != 0 ||
		    (page_routes[i].flags & R_API), "route %zu: %s under /api/ without R_API", i,
		    page_routes[i].pattern);
		ck_assert_msg(page_routes[i].method != M_POST || (page_routes[i].flags & R_API) ||
		    !(page_routes[i].flags & R_NOCSRF), "route %zu: a form POST without CSRF", i);
		for (j = 0; j < i; j++)
			ck_assert_msg(page_routes[j].method != page_routes[i].method ||
			    strcmp(page_routes[j].pattern, page_routes[i].pattern) != 0,
			    "routes %zu and %zu are the same", j, i);
	}
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("router");
	TCase	*tc = tcase_create("route_match");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_literal);
	tcase_add_test(tc, test_id_digits_only);
	tcase_add_test(tc, test_suffix);
	tcase_add_test(tc, test_code_param);
	tcase_add_test(tc, test_405_allow);
	tcase_add_test(tc, test_head_is_get);
	tcase_add_test(tc, test_trailing_slash);
	tcase_add_test(tc, test_params);
	tcase_add_test(tc, test_overlong);
	tcase_add_test(tc, test_method_parse);
	tcase_add_test(tc, test_real_table);
	tcase_add_test(tc, test_real_table_sane);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}

/*
 * Unit tests for rendering (cgi/render.c): the template cache, HTML
 * escaping by default, the per-language site HDF, and every template and
 * language file in the repository (they parse, and each language has every
 * English key).  No database, no server.
 */
#include "config.h"

#include <sys/stat.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/app.h"
#include "lib/render.h"
#include "lib/conf.h"
#include "lib/util.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define LEAKS_IGNORED_BEGIN() __lsan_disable()
#define LEAKS_IGNORED_END() __lsan_enable()
#else
#define LEAKS_IGNORED_BEGIN() do { } while (0)
#define LEAKS_IGNORED_END() do { } while (0)
#endif

#ifndef KT_TOP_SRCDIR
#error "KT_TOP_SRCDIR must name the source tree"
#endif

static char tmpdir[64];

static void
write_file(const char *rel, const char *text)
{
	char	*path = xasprintf("%s/%s", tmpdir, rel);
	FILE	*f = fopen(path, "w");

	ck_assert_msg(f != NULL, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
	free(path);
}

/* A scratch template directory: a.cs, sub/b.cs, and files that are not templates. */
static void
setup_tmp(void)
{
	char *sub;

	strcpy(tmpdir, "/tmp/kt-render-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	sub = xasprintf("%s/sub", tmpdir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	free(sub);
	write_file("a.cs", "[<?cs var:X ?>|<?cs var:Site.Name ?>|<?cs include:\"sub/b.cs\" ?>]");
	write_file("sub/b.cs", "b=<?cs var:Y ?>");
	write_file("raw.cs", "<?cs var:X ?>|<?cs uvar:X ?>|<?cs var:url_escape(X) ?>|"
	    "<?cs var:js_escape(X) ?>");
	write_file("bad.cs", "<?cs if:X ?>never closed");
	write_file("notes.txt", "not a template <?cs var:X ?>");
	write_file(".hidden.cs", "hidden");
}

static void
teardown_tmp(void)
{
	static const char *const files[] = { "a.cs", "sub/b.cs", "raw.cs", "bad.cs",
	    "notes.txt", ".hidden.cs", "sub", NULL };
	size_t	 i;

	for (i = 0; files[i] != NULL; i++) {
		char *p = xasprintf("%s/%s", tmpdir, files[i]);

		if (remove(p) != 0)
			rmdir(p);
		free(p);
	}
	rmdir(tmpdir);
}

/* An app with just what rendering needs: site HDFs and a template cache. */
static void
app_min(struct app *app, const char *tpldir)
{
	int	 i;

	memset(app, 0, sizeof(*app));
	for (i = 0; i < LANG__MAX; i++) {
		ck_assert(hdf_init(&app->site[i]) == STATUS_OK);
		ck_assert(hdf_set_value(app->site[i], "Site.Name", i == LANG_RU ? "Каметай" :
		    "Kametay") == STATUS_OK);
	}
	app->tpl = tplcache_load(tpldir);
	ck_assert_ptr_nonnull(app->tpl);
}

static void
app_min_free(struct app *app)
{
	int	 i;

	tplcache_free(app->tpl);
	for (i = 0; i < LANG__MAX; i++)
		hdf_destroy(&app->site[i]);
}

/* Renders file with X (and Y) set; returns the output (caller frees) or NULL on error. */
static char *
render(struct app *app, enum lang lang, const char *file, const char *x, const char *y)
{
	HDF	*hdf = NULL;
	STRING	 out;
	NEOERR	*err;
	char	*ret = NULL;

	ck_assert(hdf_init(&hdf) == STATUS_OK);
	if (x != NULL)
		ck_assert(hdf_set_value(hdf, "X", x) == STATUS_OK);
	if (y != NULL)
		ck_assert(hdf_set_value(hdf, "Y", y) == STATUS_OK);
	string_init(&out);
	err = render_template(app, lang, hdf, file, &out);
	if (err == STATUS_OK)
		ret = xstrdup(out.buf ? out.buf : "");
	else
		nerr_ignore(&err);
	string_clear(&out);
	hdf_destroy(&hdf);
	return ret;
}

START_TEST(test_tplcache_and_include)
{
	struct app	 app;
	char		*s;

	app_min(&app, tmpdir);
	s = render(&app, LANG_EN, "a.cs", "x", "y");
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "[x|Kametay|b=y]");
	free(s);
	/* the site HDF of the language is the templates' global data */
	s = render(&app, LANG_RU, "a.cs", "x", "y");
	ck_assert_str_eq(s, "[x|Каметай|b=y]");
	free(s);
	/* only *.cs files, and no hidden ones */
	ck_assert_ptr_null(render(&app, LANG_EN, "notes.txt", NULL, NULL));
	ck_assert_ptr_null(render(&app, LANG_EN, ".hidden.cs", NULL, NULL));
	ck_assert_ptr_null(render(&app, LANG_EN, "missing.cs", NULL, NULL));
	/* never the disk at request time: a file removed after loading still renders */
	{
		char *p = xasprintf("%s/sub/b.cs", tmpdir);

		unlink(p);
		free(p);
	}
	s = render(&app, LANG_EN, "a.cs", "1", "2");
	ck_assert_str_eq(s, "[1|Kametay|b=2]");
	free(s);
	write_file("sub/b.cs", "b=<?cs var:Y ?>");
	app_min_free(&app);
}
END_TEST

START_TEST(test_escaping)
{
	struct app	 app;
	char		*s;

	app_min(&app, tmpdir);
	s = render(&app, LANG_EN, "raw.cs", "<script>alert('x\")</script>&", NULL);
	ck_assert_ptr_nonnull(s);
	{
		/* var: | uvar: | url_escape | js_escape */
		char	*part[4], *p = s;
		int	 i;

		for (i = 0; i < 4; i++)
			part[i] = strsep(&p, "|");
		ck_assert_ptr_nonnull(part[3]);
		/* var: escapes by default; uvar: is the explicit raw way out */
		ck_assert_str_eq(part[0], "&lt;script&gt;alert(&#39;x&quot;)&lt;/script&gt;&amp;");
		ck_assert_str_eq(part[1], "<script>alert('x\")</script>&");
		ck_assert_msg(strncmp(part[2], "%3Cscript%3E", 12) == 0, "url_escape: %s", part[2]);
		ck_assert_msg(strchr(part[3], '<') == NULL && strchr(part[3], '\'') == NULL,
		    "js_escape: %s", part[3]);
	}
	free(s);
	/* an included file escapes too */
	s = render(&app, LANG_EN, "a.cs", "<b>", "<i>");
	ck_assert_str_eq(s, "[&lt;b&gt;|Kametay|b=&lt;i&gt;]");
	free(s);
	app_min_free(&app);
}
END_TEST

START_TEST(test_template_error)
{
	struct app	 app;

	app_min(&app, tmpdir);
	/* ClearSilver 0.10.5 leaks 32 bytes in cs_parse_string on a syntax error */
	LEAKS_IGNORED_BEGIN();
	ck_assert_ptr_null(render(&app, LANG_EN, "bad.cs", "1", NULL));
	LEAKS_IGNORED_END();
	app_min_free(&app);
	ck_assert_ptr_null(tplcache_load("/nonexistent/kametay/templates"));
}
END_TEST

/* The repository's own files, as a worker loads them. */
static void
app_repo(struct app *app)
{
	char	*dir;

	memset(app, 0, sizeof(*app));
	ck_assert(hdf_init(&app->conf) == STATUS_OK);
	ck_assert(hdf_read_file(app->conf, KT_TOP_SRCDIR "/hdf/defaults.hdf") == STATUS_OK);
	ck_assert(hdf_set_value(app->conf, "Paths.Data", KT_TOP_SRCDIR) == STATUS_OK);
	ck_assert_int_eq(app_load_site(app), 0);
	dir = xasprintf("%s/templates", KT_TOP_SRCDIR);
	app->tpl = tplcache_load(dir);
	free(dir);
	ck_assert_ptr_nonnull(app->tpl);
}

static void
app_repo_free(struct app *app)
{
	int	 i;

	tplcache_free(app->tpl);
	for (i = 0; i < LANG__MAX; i++)
		hdf_destroy(&app->site[i]);
	hdf_destroy(&app->conf);
}

START_TEST(test_site_languages)
{
	struct app	 app;
	const char	*en, *ru, *kk;

	app_repo(&app);
	en = site_str(&app, LANG_EN, "Lang.Error.E404.Title");
	ru = site_str(&app, LANG_RU, "Lang.Error.E404.Title");
	kk = site_str(&app, LANG_KK, "Lang.Error.E404.Title");
	ck_assert_ptr_nonnull(en);
	ck_assert_ptr_nonnull(ru);
	ck_assert_ptr_nonnull(kk);
	ck_assert_str_ne(en, ru);
	ck_assert_str_ne(en, kk);
	ck_assert_str_eq(site_str(&app, LANG_RU, "Lang.Code"), "ru");
	ck_assert_str_eq(site_str(&app, LANG_KK, "Lang.Code"), "kk");
	ck_assert_str_eq(site_str(&app, LANG_EN, "Site.Name"), "Kametay");
	ck_assert_ptr_null(site_str(&app, LANG_EN, "Lang.No.Such.Key"));
	app_repo_free(&app);
}
END_TEST

/* Every leaf under Lang in en.hdf exists in the other language's own file. */
static void
check_keys(HDF *en, HDF *other, const char *code, const char *prefix, int *missing)
{
	HDF	*n;

	for (n = hdf_obj_child(en); n != NULL; n = hdf_obj_next(n)) {
		char *name = xasprintf("%s%s%s", prefix, *prefix ? "." : "", hdf_obj_name(n));

		if (hdf_obj_value(n) != NULL && hdf_get_value(other, name, NULL) == NULL) {
			fprintf(stderr, "# %s.hdf lacks %s\n", code, name);
			(*missing)++;
		}
		check_keys(n, other, code, name, missing);
		free(name);
	}
}

START_TEST(test_lang_files_complete)
{
	static const char *const others[] = { "ru", "kk" };
	HDF	*en = NULL, *o;
	size_t	 i;
	int	 missing = 0;

	ck_assert(hdf_init(&en) == STATUS_OK);
	ck_assert(hdf_read_file(en, KT_TOP_SRCDIR "/hdf/lang/en.hdf") == STATUS_OK);
	ck_assert_ptr_nonnull(hdf_get_obj(en, "Lang.Error.E404"));
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		char *p = xasprintf("%s/hdf/lang/%s.hdf", KT_TOP_SRCDIR, others[i]);

		o = NULL;
		ck_assert(hdf_init(&o) == STATUS_OK);
		ck_assert_msg(hdf_read_file(o, p) == STATUS_OK, "%s does not parse", p);
		check_keys(en, o, others[i], "", &missing);
		hdf_destroy(&o);
		free(p);
	}
	hdf_destroy(&en);
	ck_assert_msg(missing == 0, "%d strings are missing a translation (listed above)", missing);
}
END_TEST

/* Each page template parses and renders in each language with little data. */
START_TEST(test_repo_templates_render)
{
	struct app	 app;
	size_t		 i;
	int		 l;

	app_repo(&app);
	for (i = 0; i < TPL__MAX; i++) {
		if (tpl_files[i] == NULL)
			continue;
		for (l = 0; l < LANG__MAX; l++) {
			HDF	*hdf = NULL;
			STRING	 out;
			NEOERR	*err;

			ck_assert(hdf_init(&hdf) == STATUS_OK);
			hdf_set_value(hdf, "Page.Lang", lang_codes[l]);
			hdf_set_value(hdf, "Page.Path", "/");
			hdf_set_value(hdf, "Csrf", "tok<en>");
			hdf_set_value(hdf, "Error.Status", "404");
			hdf_set_value(hdf, "Error.Title", "<b>title</b>");
			string_init(&out);
			err = render_template(&app, (enum lang)l, hdf, tpl_files[i], &out);
			if (err != STATUS_OK) {
				STRING e;

				string_init(&e);
				nerr_error_string(err, &e);
				ck_abort_msg("%s (%s): %s", tpl_files[i], lang_codes[l], e.buf);
			}
			ck_assert_msg(out.buf != NULL && strstr(out.buf, "</html>") != NULL,
			    "%s renders no complete page", tpl_files[i]);
			ck_assert_msg(strstr(out.buf, "<b>title</b>") == NULL,
			    "%s prints data unescaped", tpl_files[i]);
			if (i == TPL_ERROR)
				ck_assert_msg(strstr(out.buf, "&lt;b&gt;title&lt;/b&gt;") != NULL,
				    "error.cs shows no title");
			{
				char *want = xasprintf("<html lang=\"%s\"", lang_codes[l]);

				ck_assert_msg(strstr(out.buf, want) != NULL, "%s: no %s",
				    tpl_files[i], want);
				free(want);
			}
			string_clear(&out);
			hdf_destroy(&hdf);
		}
	}
	app_repo_free(&app);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("render");
	TCase	*tc = tcase_create("templates");
	TCase	*repo = tcase_create("repository");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup_tmp, teardown_tmp);
	tcase_add_test(tc, test_tplcache_and_include);
	tcase_add_test(tc, test_escaping);
	tcase_add_test(tc, test_template_error);
	tcase_add_test(repo, test_site_languages);
	tcase_add_test(repo, test_lang_files_complete);
	tcase_add_test(repo, test_repo_templates_render);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, repo);
	sr = srunner_create(s);
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}

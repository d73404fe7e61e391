/*
 * Templates and language strings.  Every template file is read once when
 * a worker starts (and again when the pool is told to reload), so a
 * request never touches the disk for them; ClearSilver parses from the
 * in-memory copy through its fileload hook.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/app.h"
#include "lib/conf.h"
#include "lib/render.h"
#include "lib/util.h"

const char *const tpl_files[TPL__MAX] = {
	[TPL_NONE] = NULL,
	[TPL_HOME] = "home.cs",
	[TPL_EVENT] = "event.cs",
	[TPL_ERROR] = "error.cs",
	[TPL_REGISTER] = "register.cs",
	[TPL_LOGIN] = "login.cs",
	[TPL_FORGOT] = "forgot.cs",
	[TPL_RESET] = "reset.cs",
	[TPL_ACCOUNT] = "account.cs",
	[TPL_VERIFY] = "verify.cs",
	[TPL_ADMIN_USERS] = "admin_users.cs",
	[TPL_ORG_EVENTS] = "org_events.cs",
	[TPL_ORG_EVENT] = "org_event.cs",
	[TPL_ORG_CANCEL] = "org_cancel.cs",
	[TPL_ORG_REPORT] = "org_report.cs",
	[TPL_CLIENTS] = "clients.cs",
	[TPL_CLIENT] = "client.cs",
	[TPL_ADMIN_EVENTS] = "admin_events.cs",
	[TPL_SEATS] = "seats.cs",
	[TPL_CART] = "cart.cs",
	[TPL_ORDER] = "order.cs",
	[TPL_TICKET] = "ticket.cs",
	[TPL_MY_TICKETS] = "my_tickets.cs",
	[TPL_CHANGE_SEAT] = "change_seat.cs",
	[TPL_FIND_TICKETS] = "find_tickets.cs",
	[TPL_CHECKIN] = "checkin.cs",
	[TPL_SALES] = "sales.cs",
	[TPL_VENUES] = "venues.cs",
	[TPL_VENUE] = "venue.cs",
	[TPL_VENUE_SEAT] = "venue_seat.cs",
	[TPL_REMINDERS] = "reminders.cs",
	[TPL_ORG_ORDERS] = "org_orders.cs",
	[TPL_ORG_ORDER] = "org_order.cs",
	[TPL_ORG_GUESTS] = "org_guests.cs",
};

const char *const lang_codes[LANG__MAX] = { "en", "ru", "kk" };

/*
 * Each file's text, and for the templates a page or a mail names, the
 * parse tree built from it once per worker (tplcache_prepare, or the first
 * render).  A request renders the kept tree with its own HDF and its
 * language's site HDF: ClearSilver reads parse->hdf and parse->global_hdf
 * only while rendering, and `set` writes into parse->hdf, i.e. into the
 * request's tree.  Escaping is fixed per tree at cs_init, from the name.
 */
struct tplfile {
	char	*name;		/* relative to the templates directory */
	char	*text;
	CSPARSE	*cs;		/* NULL until parsed, or after a failed render */
};

enum tplmode { TPLMODE_HTML, TPLMODE_TEXT, TPLMODE__MAX };

struct tplcache {
	struct tplfile	*files;		/* sorted by name once loaded */
	size_t		 n;
	HDF		*cfg[TPLMODE__MAX];	/* the Config a tree is parsed with */
};

static const char *const tplmode_escape[TPLMODE__MAX] = { "html", "none" };

static int
has_suffix(const char *s, const char *suffix)
{
	size_t	 len = strlen(s), slen = strlen(suffix);

	return len > slen && strcmp(s + len - slen, suffix) == 0;
}

/* plain-text mail is not HTML: its parts are rendered unescaped */
static enum tplmode
tpl_mode(const char *name)
{
	return has_suffix(name, ".txt.cs") ? TPLMODE_TEXT : TPLMODE_HTML;
}

/*
 * A kept tree sees only its Config HDF while it is parsed, so what
 * ClearSilver evaluates at parse time (evar:, include: of a variable)
 * would read no request data and silently print nothing: refuse it.
 */
static int
tpl_check_parse_time(const char *name, const char *text)
{
	const char	*p = text;

	while ((p = strstr(p, "<?cs")) != NULL) {
		p += 4;
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (strncmp(p, "evar", 4) == 0 && (p[4] == ':' || p[4] == '!')) {
			klog("templates: %s: evar: is evaluated at parse time; use var:", name);
			return -1;
		}
		if (strncmp(p, "include", 7) == 0 && (p[7] == ':' || p[7] == '!')) {
			const char *a = p + 8;

			while (*a == ' ' || *a == '\t')
				a++;
			if (*a != '"' && *a != '\'') {
				klog("templates: %s: include: names a variable; use a quoted file name", name);
				return -1;
			}
		}
	}
	return 0;
}

static int
tplcache_add_dir(struct tplcache *c, const char *dir, const char *prefix)
{
	DIR		*d;
	struct dirent	*de;
	int		 rc = 0;

	if ((d = opendir(dir)) == NULL) {
		klog("templates: cannot open %s", dir);
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		char		*path, *name;
		char		*text;
		NEOERR		*err;
		struct tplfile	*nf;

		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		name = xasprintf("%s%s", prefix, de->d_name);
		if (de->d_type == DT_DIR) {
			char *sub = xasprintf("%s/", name);

			rc = tplcache_add_dir(c, path, sub);
			free(sub);
		} else if (has_suffix(de->d_name, ".cs")) {
			if ((err = ne_load_file(path, &text)) != STATUS_OK) {
				klog_nerr(path, &err);
				rc = -1;
			} else if (tpl_check_parse_time(name, text) != 0) {
				free(text);
				rc = -1;
			} else if ((nf = realloc(c->files, (c->n + 1) * sizeof(*nf))) == NULL) {
				free(text);
				rc = -1;
			} else {
				c->files = nf;
				c->files[c->n].name = name;
				c->files[c->n].text = text;
				c->files[c->n].cs = NULL;
				c->n++;
				name = NULL;
			}
		}
		free(path);
		free(name);
	}
	closedir(d);
	return rc;
}

static int
tplfile_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tplfile *)a)->name, ((const struct tplfile *)b)->name);
}

static struct tplfile *
tplcache_find(struct tplcache *c, const char *name)
{
	struct tplfile	 key;

	key.name = (char *)name;
	return c->n == 0 ? NULL :
	    bsearch(&key, c->files, c->n, sizeof(*c->files), tplfile_cmp);
}

struct tplcache *
tplcache_load(const char *dir)
{
	struct tplcache *c;
	NEOERR		*err = STATUS_OK;
	int		 i;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	for (i = 0; err == STATUS_OK && i < TPLMODE__MAX; i++)
		if ((err = hdf_init(&c->cfg[i])) == STATUS_OK)
			err = hdf_set_value(c->cfg[i], "Config.VarEscapeMode", tplmode_escape[i]);
	if (err != STATUS_OK) {
		klog_nerr("templates", &err);
		tplcache_free(c);
		return NULL;
	}
	if (tplcache_add_dir(c, dir, "") != 0) {
		tplcache_free(c);
		return NULL;
	}
	if (c->n > 1)
		qsort(c->files, c->n, sizeof(*c->files), tplfile_cmp);
	return c;
}

void
tplcache_free(struct tplcache *c)
{
	size_t	 i;
	int	 m;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		cs_destroy(&c->files[i].cs);
		free(c->files[i].name);
		free(c->files[i].text);
	}
	free(c->files);
	for (m = 0; m < TPLMODE__MAX; m++)
		hdf_destroy(&c->cfg[m]);
	free(c);
}

/* ClearSilver's fileload hook: hand the parser its own copy (it keeps it). */
static NEOERR *
tpl_fileload(void *ctx, HDF *hdf, const char *filename, char **contents)
{
	struct tplfile	*f;

	(void)hdf;
	if ((f = tplcache_find(ctx, filename)) == NULL)
		return nerr_raise(NERR_NOT_FOUND, "no template %s", filename);
	if ((*contents = strdup(f->text)) == NULL)
		return nerr_raise(NERR_NOMEM, "template copy");
	return STATUS_OK;
}

/* Builds f's tree (with what it includes) from the in-memory texts. */
static NEOERR *
tpl_parse(struct tplcache *c, struct tplfile *f)
{
	CSPARSE	*cs = NULL;
	NEOERR	*err;

	do {
		if ((err = cs_init(&cs, c->cfg[tpl_mode(f->name)])) != STATUS_OK)
			break;
		cs_register_fileload(cs, c, tpl_fileload);
		if ((err = cgi_register_strfuncs(cs)) != STATUS_OK)
			break;
		err = cs_parse_file(cs, f->name);
	} while (0);
	if (err != STATUS_OK)
		cs_destroy(&cs);
	f->cs = cs;
	return nerr_pass(err);
}

/*
 * Parses, once, what pages and mails render: the TPL_* table and the
 * parts under mail/.  Run when a worker starts, so that a broken
 * template stops the start (and `kametay-fcgi -t`, and a reload, which
 * then keeps the running workers) instead of failing requests.
 */
int
tplcache_prepare(struct tplcache *c)
{
	size_t		 i;
	int		 rc = 0;

	for (i = 0; i < c->n; i++) {
		struct tplfile	*f = &c->files[i];
		int		 want = 0;
		size_t		 t;
		NEOERR		*err;

		if (strncmp(f->name, "mail/", 5) == 0)
			want = has_suffix(f->name, ".txt.cs") || has_suffix(f->name, ".html.cs");
		for (t = 0; !want && t < TPL__MAX; t++)
			want = tpl_files[t] != NULL && strcmp(tpl_files[t], f->name) == 0;
		if (!want || f->cs != NULL)
			continue;
		if ((err = tpl_parse(c, f)) != STATUS_OK) {
			klog_nerr(f->name, &err);
			rc = -1;
		}
	}
	for (i = 0; i < TPL__MAX; i++)
		if (tpl_files[i] != NULL && tplcache_find(c, tpl_files[i]) == NULL) {
			klog("templates: %s is missing", tpl_files[i]);
			rc = -1;
		}
	return rc;
}

static NEOERR *
render_cb(void *ctx, char *s)
{
	return nerr_pass(string_append((STRING *)ctx, s));
}

NEOERR *
render_template(struct app *app, enum lang lang, HDF *hdf, const char *file, STRING *out)
{
	struct tplcache	*c = app->tpl;
	struct tplfile	*f;
	CSPARSE		*cs;
	NEOERR		*err;

	if ((f = tplcache_find(c, file)) == NULL)
		return nerr_raise(NERR_NOT_FOUND, "no template %s", file);
	/* the tree's mode, also for what an lvar: would parse while rendering */
	if ((err = hdf_set_value(hdf, "Config.VarEscapeMode",
	    tplmode_escape[tpl_mode(file)])) != STATUS_OK)
		return nerr_pass(err);
	if (f->cs == NULL && (err = tpl_parse(c, f)) != STATUS_OK)
		return nerr_pass(err);
	cs = f->cs;
	cs->hdf = hdf;
	cs->global_hdf = app->site[lang];
	err = cs_render(cs, out, render_cb);
	/* nothing of this request stays in the kept tree */
	cs->hdf = c->cfg[tpl_mode(f->name)];
	cs->global_hdf = NULL;
	cs->output_ctx = NULL;
	if (err != STATUS_OK || cs->locals != NULL) {
		/*
		 * each/with/loop/call unlink their locals on the way out, even
		 * on an error; whatever else an error left is not kept: the
		 * next render parses the tree again.
		 */
		cs->locals = NULL;
		cs_destroy(&f->cs);
	}
	return nerr_pass(err);
}

/*
 * One read-only HDF per language: the site settings, menu and that
 * language's strings over English (so a missing translation shows English
 * rather than nothing).  Templates see it as their global HDF.
 */
int
app_load_site(struct app *app)
{
	const char	*data = conf_str(app->conf, "Paths.Data", ".");
	NEOERR		*err = STATUS_OK;
	int		 i;

	for (i = 0; i < LANG__MAX; i++) {
		HDF	*site = NULL;
		char	*path;

		do {
			if ((err = hdf_init(&site)) != STATUS_OK)
				break;
			if ((err = hdf_copy(site, "Site", hdf_get_obj(app->conf, "Site"))) != STATUS_OK)
				break;
			if ((err = hdf_copy(site, "Langs", hdf_get_obj(app->conf, "Langs"))) != STATUS_OK)
				break;
			path = xasprintf("%s/hdf/menu.hdf", data);
			err = hdf_read_file(site, path);
			free(path);
			if (err != STATUS_OK)
				break;
			path = xasprintf("%s/hdf/lang/en.hdf", data);
			err = hdf_read_file(site, path);
			free(path);
			if (err != STATUS_OK || i == LANG_EN)
				break;
			path = xasprintf("%s/hdf/lang/%s.hdf", data, lang_codes[i]);
			err = hdf_read_file(site, path);
			free(path);
		} while (0);
		if (err != STATUS_OK) {
			klog_nerr("language files", &err);
			hdf_destroy(&site);
			return -1;
		}
		hdf_destroy(&app->site[i]);
		app->site[i] = site;
	}
	return 0;
}

const char *
site_str(struct app *app, enum lang lang, const char *key)
{
	return hdf_get_value(app->site[lang], key, NULL);
}

int
lang_parse(const char *code)
{
	int	 i;

	if (code == NULL)
		return -1;
	for (i = 0; i < LANG__MAX; i++)
		if (strcmp(code, lang_codes[i]) == 0)
			return i;
	return -1;
}

/*
 * Accept-Language: the highest q among our languages wins; ties go to the
 * earlier entry.  "ru-RU" counts as "ru"; "kz" is a common mistake for kk.
 */
int
lang_from_accept(const char *h)
{
	int	 best = -1;
	double	 bestq = 0.0;

	if (h == NULL)
		return -1;
	while (*h != '\0') {
		char	 tag[16];
		size_t	 n = 0;
		double	 q = 1.0;
		int	 l;

		while (*h == ' ' || *h == ',')
			h++;
		while (*h != '\0' && *h != ',' && *h != ';' && *h != ' ') {
			if (n + 1 < sizeof(tag))
				tag[n++] = (char)(*h >= 'A' && *h <= 'Z' ? *h + 32 : *h);
			h++;
		}
		tag[n] = '\0';
		while (*h == ' ')
			h++;
		while (*h == ';') {
			h++;
			while (*h == ' ')
				h++;
			if (h[0] == 'q' && h[1] == '=') {
				char *end;

				q = strtod(h + 2, &end);
				if (end == h + 2 || q < 0 || q > 1)
					q = 0;
				h = end;
			}
			while (*h != '\0' && *h != ',' && *h != ';')
				h++;
		}
		if (strchr(tag, '-') != NULL)
			*strchr(tag, '-') = '\0';
		if (strcmp(tag, "kz") == 0)
			strcpy(tag, "kk");
		if ((l = lang_parse(tag)) >= 0 && q > bestq) {
			best = l;
			bestq = q;
		}
		while (*h != '\0' && *h != ',')
			h++;
	}
	return best;
}

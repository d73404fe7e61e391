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
	[TPL_VENUES] = "venues.cs",
	[TPL_VENUE] = "venue.cs",
	[TPL_VENUE_SEAT] = "venue_seat.cs",
	[TPL_REMINDERS] = "reminders.cs",
	[TPL_ORG_ORDERS] = "org_orders.cs",
	[TPL_ORG_ORDER] = "org_order.cs",
	[TPL_ORG_GUESTS] = "org_guests.cs",
};

const char *const lang_codes[LANG__MAX] = { "en", "ru", "kk" };

struct tplfile {
	char	*name;		/* relative to the templates directory */
	char	*text;
};

struct tplcache {
	struct tplfile	*files;
	size_t		 n;
};

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
		size_t		 len = strlen(de->d_name);
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
		} else if (len > 3 && strcmp(de->d_name + len - 3, ".cs") == 0) {
			if ((err = ne_load_file(path, &text)) != STATUS_OK) {
				klog_nerr(path, &err);
				rc = -1;
			} else if ((nf = realloc(c->files, (c->n + 1) * sizeof(*nf))) == NULL) {
				free(text);
				rc = -1;
			} else {
				c->files = nf;
				c->files[c->n].name = name;
				c->files[c->n].text = text;
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

struct tplcache *
tplcache_load(const char *dir)
{
	struct tplcache *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if (tplcache_add_dir(c, dir, "") != 0) {
		tplcache_free(c);
		return NULL;
	}
	return c;
}

void
tplcache_free(struct tplcache *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->files[i].name);
		free(c->files[i].text);
	}
	free(c->files);
	free(c);
}

/* ClearSilver's fileload hook: hand the parser its own copy (it keeps it). */
static NEOERR *
tpl_fileload(void *ctx, HDF *hdf, const char *filename, char **contents)
{
	struct tplcache	*c = ctx;
	size_t		 i;

	(void)hdf;
	for (i = 0; i < c->n; i++)
		if (strcmp(c->files[i].name, filename) == 0) {
			if ((*contents = strdup(c->files[i].text)) == NULL)
				return nerr_raise(NERR_NOMEM, "template copy");
			return STATUS_OK;
		}
	return nerr_raise(NERR_NOT_FOUND, "no template %s", filename);
}

static NEOERR *
render_cb(void *ctx, char *s)
{
	return nerr_pass(string_append((STRING *)ctx, s));
}

NEOERR *
render_template(struct app *app, enum lang lang, HDF *hdf, const char *file, STRING *out)
{
	CSPARSE	*cs = NULL;
	NEOERR	*err;

	size_t	 len = strlen(file);
	/* escaping is off in ClearSilver until this is set (read at cs_init); plain-text mail is not HTML */
	int	 text = len > 7 && strcmp(file + len - 7, ".txt.cs") == 0;

	if ((err = hdf_set_value(hdf, "Config.VarEscapeMode", text ? "none" : "html")) != STATUS_OK)
		return nerr_pass(err);
	do {
		if ((err = cs_init(&cs, hdf)) != STATUS_OK)
			break;
		cs->global_hdf = app->site[lang];
		cs_register_fileload(cs, app->tpl, tpl_fileload);
		if ((err = cgi_register_strfuncs(cs)) != STATUS_OK)
			break;
		if ((err = cs_parse_file(cs, file)) != STATUS_OK)
			break;
		err = cs_render(cs, out, render_cb);
	} while (0);
	cs_destroy(&cs);
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

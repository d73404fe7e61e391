/*
 * Per-process state: configuration, language trees, templates, the
 * database connection and the server secret.  Built once when a worker
 * starts; a reload starts new workers rather than mutating this.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "lib/app.h"
#include "lib/conf.h"
#include "lib/render.h"
#include "lib/util.h"
#include "core/app.h"
#include "core/pagecache.h"

/* mkdir -p for the directories under Paths.Var the workers write to. */
static int
make_dir(const char *path, mode_t mode)
{
	char	*p = xstrdup(path), *s;
	int	 rc = 0;

	for (s = p + 1; rc == 0 && *s != '\0'; s++)
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0755) != 0 && errno != EEXIST)
				rc = -1;
			*s = '/';
		}
	if (rc == 0 && mkdir(p, mode) != 0 && errno != EEXIST)
		rc = -1;
	if (rc != 0)
		klog("%s: cannot create: %s", path, strerror(errno));
	free(p);
	return rc;
}

/* Paths.Templates, or Paths.Data/templates; caller frees. */
static char *
templates_dir(HDF *conf)
{
	const char	*dir = conf_str(conf, "Paths.Templates", NULL);

	if (dir != NULL && *dir != '\0')
		return xstrdup(dir);
	return xasprintf("%s/templates", conf_str(conf, "Paths.Data", "."));
}

/* Loads and parses the page and mail templates; the tree is the caller's. */
static struct tplcache *
templates_load(HDF *conf)
{
	char		*dir = templates_dir(conf);
	struct tplcache	*tpl = tplcache_load(dir);

	free(dir);
	if (tpl != NULL && tplcache_prepare(tpl) != 0) {
		tplcache_free(tpl);
		tpl = NULL;
	}
	return tpl;
}

/*
 * For the pool's master on a reload: would workers with this
 * configuration start as far as the templates go?  (They are parsed
 * again in each worker; this copy is thrown away.)
 */
int
app_check_templates(HDF *conf)
{
	struct tplcache	*tpl = templates_load(conf);

	tplcache_free(tpl);
	return tpl == NULL ? -1 : 0;
}

int
app_init(struct app *app, HDF *conf)
{
	memset(app, 0, sizeof(*app));
	app->conf = conf;
	/* local times are shown in the site's zone; the database stays UTC */
	setenv("TZ", conf_str(conf, "Site.TimeZone", "Asia/Almaty"), 1);
	tzset();
	if (load_secret(conf_str(conf, "Secret.File", "var/secret.key"), app->secret) != 0)
		return -1;
	hmac_sha256(app->secret, sizeof(app->secret), "kametay-jwt-v1", 14, app->jwt_key);
	if (app_load_site(app) != 0)
		return -1;
	/* parsed once here: each request renders the kept trees */
	if ((app->tpl = templates_load(conf)) == NULL)
		return -1;
	app->body_max = (size_t)conf_int(conf, "Limits.BodyBytes", 1024 * 1024);
	app->upload_max = (size_t)conf_int(conf, "Limits.UploadBytes", 3 * 1024 * 1024);
	{
		const char	*var = conf_str(conf, "Paths.Var", "var");
		char		*up = xasprintf("%s/uploads/events", var);
		char		*tmp = xasprintf("%s/tmp", var);
		int		 bad;

		/* uploads are served by the web server: readable by all; temp files are ours */
		bad = make_dir(up, 0755) != 0 ||
		    make_dir(conf_str(conf, "Paths.UploadTmp", tmp), 0700) != 0;
		if (hdf_get_value(conf, "Paths.UploadTmp", NULL) == NULL)
			hdf_put(conf, "Paths.UploadTmp", tmp);
		free(up);
		free(tmp);
		if (bad)
			return -1;
	}
	app->pages = pagecache_new(conf);
	app->db = db_open(conf);
	return app->db == NULL ? -1 : 0;
}

void
app_free(struct app *app)
{
	int	 i;

	db_close(app->db);
	pagecache_free(app->pages);
	tplcache_free(app->tpl);
	for (i = 0; i < LANG__MAX; i++)
		hdf_destroy(&app->site[i]);
	hdf_destroy(&app->conf);
	memset(app->secret, 0, sizeof(app->secret));
}

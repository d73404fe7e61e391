/*
 * Per-process state: configuration, language trees, templates, the
 * database connection and the server secret.  Built once when a worker
 * starts; a reload starts new workers rather than mutating this.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kametay.h"

int
app_init(struct app *app, HDF *conf)
{
	const char	*data;
	char		*dir;

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
	data = conf_str(conf, "Paths.Data", ".");
	dir = xasprintf("%s/templates", data);
	app->tpl = tplcache_load(dir);
	free(dir);
	if (app->tpl == NULL)
		return -1;
	app->body_max = (size_t)conf_int(conf, "Limits.BodyBytes", 1024 * 1024);
	app->db = db_open(conf);
	return app->db == NULL ? -1 : 0;
}

void
app_free(struct app *app)
{
	int	 i;

	db_close(app->db);
	tplcache_free(app->tpl);
	for (i = 0; i < LANG__MAX; i++)
		hdf_destroy(&app->site[i]);
	hdf_destroy(&app->conf);
	memset(app->secret, 0, sizeof(app->secret));
}

/*
 * lib/render.c: the languages, the template table, the template cache and
 * rendering over a site tree.  Below notify: mails are templates too.
 */
#ifndef KT_LIB_RENDER_H
#define KT_LIB_RENDER_H

#include <stddef.h>
#include <stdint.h>

/* ClearSilver's cs_config.h defines autoconf's PACKAGE_* macros again */
#undef PACKAGE_BUGREPORT
#undef PACKAGE_NAME
#undef PACKAGE_STRING
#undef PACKAGE_TARNAME
#undef PACKAGE_VERSION
#include <ClearSilver.h>

enum lang { LANG_EN, LANG_RU, LANG_KK, LANG__MAX };
extern const char *const lang_codes[LANG__MAX];
int	 lang_parse(const char *code);
/* Picks a language from an Accept-Language header value; -1 if none fits. */
int	 lang_from_accept(const char *header);

/* Templates: one enum, one file name each (render.c). */
enum tpl {
	TPL_NONE,
	TPL_HOME,
	TPL_EVENT,
	TPL_ERROR,
	TPL_REGISTER,
	TPL_LOGIN,
	TPL_FORGOT,
	TPL_RESET,
	TPL_ACCOUNT,
	TPL_VERIFY,
	TPL_ADMIN_USERS,
	TPL_ORG_EVENTS,
	TPL_ORG_EVENT,
	TPL_ORG_CANCEL,
	TPL_ORG_REPORT,
	TPL_CLIENTS,
	TPL_CLIENT,
	TPL_ADMIN_EVENTS,
	TPL_SEATS,
	TPL_CART,
	TPL_ORDER,
	TPL_TICKET,
	TPL_MY_TICKETS,
	TPL_CHANGE_SEAT,
	TPL_FIND_TICKETS,
	TPL_CHECKIN,
	TPL_SALES,
	TPL_VENUES,
	TPL_VENUE,
	TPL_VENUE_SEAT,
	TPL_REMINDERS,
	TPL_ORG_ORDERS,
	TPL_ORG_ORDER,
	TPL_ORG_GUESTS,
	TPL__MAX
};

struct app;

/* Reads every *.cs under dir into memory; parses nothing yet. */
struct tplcache *tplcache_load(const char *dir);
/* Parses the page and mail templates once; -1 (logged) if one is broken. */
int	 tplcache_prepare(struct tplcache *);
void	 tplcache_free(struct tplcache *);
extern const char *const tpl_files[TPL__MAX];
/*
 * Renders a template's kept parse tree with `hdf` (the request's: `set`
 * writes there) over the site HDF of `lang`; caller frees *out.
 */
NEOERR	*render_template(struct app *, enum lang, HDF *hdf, const char *file, STRING *out);
int	 app_load_site(struct app *);
const char *site_str(struct app *, enum lang, const char *key);

#endif
